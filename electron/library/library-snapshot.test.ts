// The snapshot's answers against the SQL ones, on a real SQLite file with a few thousand varied rows (generators,
// models sharing a hash and differing only in case, sampler display names, LoRAs of several kinds, tags typed in
// two cases, favourites, ratings, offline and missing rows): the facet counts equal LibraryFacets' for every filter
// combination tried, and a search's positions are exactly the images the cursor pages walk, in the same order.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SearchInputError } from './history-query';
import { type Library, openLibrary } from './library';
import { LibraryFacets } from './library-facets';
import { buildLibrarySnapshot, type LibrarySnapshot } from './library-snapshot';
import { snapshotFacets, snapshotPositions } from './snapshot-queries';
import { fillVariedLibrary, VARIED_FILTERS as FILTERS } from './varied-library.fixture';

const ROWS = 3000;

describe('library snapshot answers as the SQL does', () => {
  let work: string;
  let library: Library;
  let snap: LibrarySnapshot;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-snapshot-'));
    library = openLibrary(path.join(work, 'lib.sqlite'));
    fillVariedLibrary(library, ROWS);
    snap = buildLibrarySnapshot(library.db);
  });
  after(() => {
    library.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('holds every row that is not missing', () => {
    const live = library.db.prepare(`SELECT count(*) FROM images WHERE state <> 'missing'`).pluck().get() as number;
    assert.equal(snap.rows, live);
    assert.ok(live > ROWS * 0.7 && live < ROWS, `${live} of ${ROWS} rows are not missing`);
  });

  it('facet counts equal the SQL facet counts for every filter combination', () => {
    const sql = new LibraryFacets(library.db);
    for (const filters of FILTERS) {
      const expected = sql.all(filters);
      assert.deepEqual(snapshotFacets(snap, filters, library.db), expected, JSON.stringify(filters));
    }
    // The combinations are not all empty: the comparison compared something.
    assert.ok(sql.all({ lora: 'Film_Grain' }).generators.length >= 3);
    assert.ok(sql.all({ model: 'hash:abcdef1234' }).samplers.length >= 3);
  });

  it('positions are the images the cursor pages walk, newest first, with text and filters', () => {
    const idOfTimeline = new Map<number, number>();
    for (let r = 0; r < snap.rows; r++) idOfTimeline.set(snap.timeline[r], snap.id[r]);
    for (const text of [undefined, 'castle', 'neon dragon', 'cat*', '!!!']) {
      for (const filters of FILTERS) {
        const walked: number[] = [];
        let cursor: string | null = null;
        do {
          const page = library.search({ text, filters, limit: 500, cursor });
          walked.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor;
        } while (cursor);
        const positions = [...snapshotPositions(snap, text, filters, library.db)].map((t) => idOfTimeline.get(t));
        assert.deepEqual(positions, walked, `${text} ${JSON.stringify(filters)}`);
      }
    }
  });

  it('rejects bad filter values as the SQL search does', () => {
    assert.throws(() => snapshotFacets(snap, { minRating: 9 }, library.db), SearchInputError);
    assert.throws(() => snapshotPositions(snap, undefined, { model: '  ' }, library.db), SearchInputError);
  });

  it('a rebuild after a change sees it', () => {
    const before = snapshotPositions(snap, undefined, { tag: 'brand-new' }, library.db).length;
    const id = library.search({ limit: 1 }).items[0].id;
    library.db.prepare(`INSERT INTO image_tags (image_id, tag, tag_norm) VALUES (?, 'Brand-New', 'brand-new')`).run(id);
    const after = buildLibrarySnapshot(library.db);
    assert.equal(before, 0);
    assert.equal(snapshotPositions(after, undefined, { tag: 'brand-new' }, library.db).length, 1);
    assert.deepEqual(snapshotFacets(after, {}, library.db).tags, new LibraryFacets(library.db).all({}).tags);
  });
});
