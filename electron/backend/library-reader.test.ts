// The backend's heavy reads through its real request path (schemas, handlers, the read worker on its own
// connection to a real SQLite file): facets, count and offset pages answer what the SQL search walks; the request
// thread serves other requests while the worker reads; a newer read of a kind replaces a waiting one; a lost
// thumbnail is made again from a real corpus image, and one whose image is gone names the file.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RequestArgs, RequestName, RequestResult } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { indexFolders } from '../library/indexer';
import { LibraryFacets } from '../library/library-facets';
import { openLibrary } from '../library/library';
import { fillVariedLibrary, VARIED_FILTERS } from '../library/varied-library.fixture';
import { AppBackend } from './app-backend';
import { LibraryReaderClient } from './library-reader';
import { SearchInputError } from '../library/history-query';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

async function value<N extends RequestName>(
  backend: AppBackend,
  name: N,
  args: RequestArgs<N>,
): Promise<RequestResult<N>> {
  const answer: Result<RequestResult<N>> = await backend.request(name, args);
  assert.ok(answer.ok, `${name} ${JSON.stringify(args)}: ${JSON.stringify(answer)}`);
  return answer.value;
}

describe('library reads off the request thread', () => {
  let work: string;
  let backend: AppBackend;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-reader-'));
    const dbPath = path.join(work, 'lib.sqlite');
    const library = openLibrary(dbPath);
    fillVariedLibrary(library, 2000);
    library.close();
    backend = await AppBackend.open({ dbPath, mode: 'web', version: 'test' });
  });
  after(async () => {
    await backend.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('the request thread answers searches while the worker reads', async () => {
    const order: string[] = [];
    let searchesMeanwhile = 0;
    let facetsDone = false;
    const facets = backend.request('library.facets', {}).then((r) => {
      facetsDone = true;
      order.push('facets');
      return r;
    });
    const search = backend.request('library.search', { limit: 5 }).then((r) => {
      order.push('search');
      return r;
    });
    // The worker starts, opens its connection and reads the snapshot; every turn of the loop here is a request served
    // meanwhile. A facet count on the request thread would finish before any of them could start.
    while (!facetsDone) {
      const page = await value(backend, 'library.search', { limit: 5, text: 'castle' });
      assert.equal(page.items.length, 5);
      if (!facetsDone) searchesMeanwhile++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok((await facets).ok);
    assert.ok((await search).ok);
    assert.deepEqual(order, ['search', 'facets']);
    assert.ok(searchesMeanwhile >= 1, `${searchesMeanwhile} searches were served while the facets were read`);
  });

  it('facets through the backend equal the SQL facet counts', async () => {
    const sql = new LibraryFacets(backend.library.db);
    for (const filters of VARIED_FILTERS.slice(0, 8))
      assert.deepEqual(await value(backend, 'library.facets', { filters }), sql.all(filters), JSON.stringify(filters));
  });

  it('count and offset pages match the cursor walk, with text and filters', async () => {
    const cases: Array<{ text?: string; filters: RequestArgs<'library.search'>['filters'] }> = [
      { filters: {} },
      { text: 'castle', filters: {} },
      { filters: { sampler: 'euler_ancestral', includeOffline: false } },
      { text: 'neon', filters: { lora: 'film_grain' } },
    ];
    for (const { text, filters } of cases) {
      const walked: number[] = [];
      let cursor: string | null = null;
      do {
        const page: RequestResult<'library.search'> = await value(backend, 'library.search', {
          text,
          filters,
          limit: 97,
          cursor,
        });
        walked.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      const { total } = await value(backend, 'library.count', { text, filters });
      assert.equal(total, walked.length, `${text} ${JSON.stringify(filters)}`);
      assert.ok(total > 20, `${text} ${JSON.stringify(filters)} matches ${total}`);
      for (const offset of [0, 1, Math.floor(total / 2), total - 3]) {
        const page = await value(backend, 'library.search', { text, filters, offset, limit: 10 });
        assert.equal(page.offset, offset);
        assert.deepEqual(
          page.items.map((i) => i.id),
          walked.slice(offset, offset + 10),
        );
        // The next page continues from where the offset page ended.
        if (page.nextCursor) {
          const next = await value(backend, 'library.search', { text, filters, cursor: page.nextCursor, limit: 10 });
          assert.deepEqual(
            next.items.map((i) => i.id),
            walked.slice(offset + 10, offset + 20),
          );
          assert.equal(next.offset, null);
        }
      }
      const past = await value(backend, 'library.search', { text, filters, offset: total + 5, limit: 10 });
      assert.deepEqual(past, { items: [], nextCursor: null, offset: total + 5 });
    }
  });

  it('a bad filter value is a bad-argument answer from the worker', async () => {
    const answer = await backend.request('library.count', { filters: { model: '  ' } });
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error.code, 'bad-argument');
    assert.match(!answer.ok ? answer.error.message : '', /library\.count: --model: nothing to match/);
  });

  it('a newer read of the same kind replaces one still waiting', async () => {
    const answers = await Promise.all([
      backend.request('library.facets', { filters: { generator: 'a1111' } }),
      backend.request('library.facets', { filters: { generator: 'forge' } }),
      backend.request('library.facets', { filters: { generator: 'comfyui' } }),
    ]);
    assert.equal(answers[0].ok, true);
    assert.equal(!answers[1].ok && answers[1].error.code, 'superseded');
    assert.equal(answers[2].ok, true);
    // Other kinds are not held up by it.
    const [count, facets] = await Promise.all([
      backend.request('library.count', {}),
      backend.request('library.facets', {}),
    ]);
    assert.ok(count.ok && facets.ok);
  });

  it('sees a change made by another connection', async () => {
    const before = await value(backend, 'library.count', { filters: { tag: 'fresh-tag' } });
    const id = backend.library.search({ limit: 1 }).items[0].id;
    await value(backend, 'library.setMarks', { imageId: id, change: { tags: ['Fresh-Tag'] } });
    const after = await value(backend, 'library.count', { filters: { tag: 'fresh-tag' } });
    assert.deepEqual([before.total, after.total], [0, 1]);
  });
});

describe('a library too big to rebuild before every answer', () => {
  let work: string;
  let dbPath: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-stale-'));
    dbPath = path.join(work, 'lib.sqlite');
    const library = openLibrary(dbPath);
    fillVariedLibrary(library, 1500);
    library.close();
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('answers from the last snapshot while the next is read, then says the fresh one is in', async () => {
    const library = openLibrary(dbPath);
    let refreshed: () => void = () => undefined;
    const fresh = new Promise<void>((resolve) => {
      refreshed = resolve;
    });
    const reader = new LibraryReaderClient({ dbPath, alwaysFreshRows: 0, onRefreshed: () => refreshed() });
    try {
      // Facets wait for the first snapshot (a count before it would be answered from SQL, exact).
      await reader.facets({});
      const before = await reader.count(undefined, { tag: 'later' });
      const id = library.search({ limit: 1 }).items[0].id;
      library.db.prepare(`INSERT INTO image_tags (image_id, tag, tag_norm) VALUES (?, 'later', 'later')`).run(id);
      // The change is seen only after the rebuild: the first answer after it is the stale one, at once.
      const stale = await reader.count(undefined, { tag: 'later' });
      await fresh;
      const after = await reader.count(undefined, { tag: 'later' });
      assert.deepEqual([before.total, stale.total, after.total], [0, 0, 1]);
    } finally {
      await reader.close();
      library.close();
    }
  });

  it('answers counts and positions from SQL before any snapshot exists, as the cursor walk does', async () => {
    const library = openLibrary(dbPath);
    const sources: string[] = [];
    // The snapshot is never built: every answer below had to come without it.
    const reader = new LibraryReaderClient({
      dbPath,
      holdSnapshot: true,
      onAnswer: (kind, source, stale) => sources.push(`${kind} ${source}${stale ? ' stale' : ''}`),
    });
    try {
      const timelineOf = library.db.prepare('SELECT timeline FROM images WHERE id = ?').pluck();
      for (const filters of VARIED_FILTERS)
        for (const text of [undefined, 'castle', 'neon dragon', '!!!']) {
          const walked: number[] = [];
          let cursor: string | null = null;
          do {
            const page = library.search({ text, filters, limit: 500, cursor });
            walked.push(...page.items.map((i) => timelineOf.get(i.id) as number));
            cursor = page.nextCursor;
          } while (cursor);
          const label = `${text} ${JSON.stringify(filters)}`;
          assert.deepEqual(await reader.count(text, filters), { total: walked.length }, label);
          for (const offset of [0, 1, Math.floor(walked.length / 2), walked.length - 1, walked.length + 3])
            assert.deepEqual(
              await reader.position(text, filters, offset),
              { timeline: walked[offset] ?? null, total: walked.length },
              `${label} at ${offset}`,
            );
        }
      assert.ok(sources.length > 100);
      assert.deepEqual(new Set(sources), new Set(['count sql', 'position sql']));
      // A change is counted at once: nothing is cached past it.
      const id = library.search({ limit: 1 }).items[0].id;
      library.db.prepare(`INSERT INTO image_tags (image_id, tag, tag_norm) VALUES (?, 'sql-tag', 'sql-tag')`).run(id);
      assert.deepEqual(await reader.count(undefined, { tag: 'sql-tag' }), { total: 1 });
      await assert.rejects(reader.count(undefined, { model: '  ' }), SearchInputError);
    } finally {
      await reader.close();
      library.close();
    }
  });

  it('says an answer came from the snapshot once it is in', async () => {
    const sources: string[] = [];
    const reader = new LibraryReaderClient({ dbPath, onAnswer: (kind, source) => sources.push(`${kind} ${source}`) });
    try {
      const facets = await reader.facets({});
      assert.ok(facets.generators.length > 0);
      const { total } = await reader.count(undefined, {});
      assert.ok(total > 0);
      assert.deepEqual(sources, ['facets snapshot', 'count snapshot']);
    } finally {
      await reader.close();
    }
  });
});

describe('library.rebuildThumbnail', { skip: fs.existsSync(CORPUS) ? false : `no corpus at ${CORPUS}` }, () => {
  let work: string;
  let images: string;
  let backend: AppBackend;
  let imageId: number;
  let thumbnail: string;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-thumb-'));
    images = path.join(work, 'images');
    fs.mkdirSync(images);
    fs.copyFileSync(path.join(CORPUS, 'a1111', 'sdm_png_sd-webui.png'), path.join(images, 'webui.png'));
    const dbPath = path.join(work, 'lib.sqlite');
    const library = openLibrary(dbPath);
    library.addFolder(images);
    await indexFolders(library, [images]);
    library.close();
    backend = await AppBackend.open({ dbPath, mode: 'web', version: 'test' });
    const detail = backend.library.search({ limit: 1 }).items[0];
    imageId = detail.id;
    assert.ok(detail.thumbnailPath);
    thumbnail = detail.thumbnailPath;
  });
  after(async () => {
    await backend.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('says "thumbnail missing" when the cache lost it, and makes it again from the image', async () => {
    const original = fs.readFileSync(thumbnail);
    fs.rmSync(thumbnail);
    const missing = await backend.mediaFile('thumb', String(imageId));
    assert.equal(missing.ok, false);
    assert.equal(!missing.ok && missing.error.code, 'thumbnail-missing');
    assert.match(!missing.ok ? missing.error.message : '', /webui\.png: thumbnail missing/);

    assert.deepEqual(await value(backend, 'library.rebuildThumbnail', { imageId }), { rebuilt: true });
    const made = fs.readFileSync(thumbnail);
    assert.deepEqual([...made.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
    assert.deepEqual(made, original, 'the same thumbnail the indexer made');
    assert.ok((await backend.mediaFile('thumb', String(imageId))).ok);
    assert.deepEqual(await value(backend, 'library.rebuildThumbnail', { imageId }), { rebuilt: false });
  });

  it('names the file and why when the image changed or is gone', async () => {
    const file = path.join(images, 'webui.png');
    fs.rmSync(thumbnail);
    fs.copyFileSync(path.join(CORPUS, 'a1111', 'metahub_cli_a1111.png'), file);
    const changed = await backend.request('library.rebuildThumbnail', { imageId });
    assert.equal(changed.ok, false);
    assert.match(!changed.ok ? changed.error.message : '', /webui\.png: the file changed since it was indexed/);
    assert.equal(fs.existsSync(thumbnail), false, 'no thumbnail of other pixels under the indexed name');

    fs.rmSync(file);
    const gone = await backend.request('library.rebuildThumbnail', { imageId });
    assert.equal(gone.ok, false);
    assert.equal(!gone.ok && gone.error.code, 'file-missing');
    assert.match(!gone.ok ? gone.error.message : '', /webui\.png: the file is gone/);
  });
});
