// The database side on a real SQLite file: migrations, default paths, writes, history paging and filters, FTS
// input that must never throw, pinned query plans, tuple groups and the near-duplicate scan.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImageReport } from '../../shared/image-report';
import type { SearchFilters } from '../../shared/library';
import { emptyTuple, type GenerationTuple } from '../../shared/tuple';
import { toFtsQuery } from './fts-query';
import { openLibrary, type Library } from './library';
import { appDataFolder, resolveLibraryPath } from './library-paths';
import { loadMigrations } from './migrate';
import { tupleKey } from './tuple-key';

function tuple(overrides: Partial<GenerationTuple>): GenerationTuple {
  return { ...emptyTuple('a1111'), ...overrides };
}

function report(file: string, t: GenerationTuple | null): ImageReport {
  return {
    file,
    format: 'png',
    generator: t?.generator ?? null,
    tuple: t,
    pixels: null,
    c2pa: null,
    raw: [],
    warnings: [],
  };
}

describe('library database', () => {
  let dir: string;
  let library: Library;
  let folderId: number;
  const base = Date.UTC(2025, 0, 1);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-lib-'));
    library = openLibrary(path.join(dir, 'lib.sqlite'));
    folderId = library.addFolder(path.join(dir, 'images')).id;
    const words = ['castle', 'forest', 'ocean', 'desert'];
    library.db.transaction(() => {
      for (let i = 0; i < 250; i++) {
        const t = tuple({
          seed: String(1000 + (i % 50)),
          model: i % 2 ? 'models/sdxl/waiIllustrious_v160.safetensors' : 'flux1-dev.safetensors',
          samplerId: i % 3 ? 'euler' : 'dpmpp_2m',
          steps: 20 + (i % 5),
          cfg: 3 + (i % 8) * 0.5,
          width: 1024,
          height: i % 4 ? 1024 : 768,
          prompt: `a ${words[i % 4]} at dusk, image ${i}`,
          negativePrompt: 'blurry',
          adapters:
            i % 10 === 0
              ? [
                  {
                    kind: 'lora',
                    name: 'detailTweaker.safetensors',
                    weight: 0.6,
                    hash: null,
                    hashType: null,
                    source: 'test',
                  },
                ]
              : [],
        });
        const file = path.join(dir, 'images', `img-${i}.png`);
        library.writer.writeMetadata(
          folderId,
          { path: file, size: 1000 + i, mtimeMs: base + i * 60_000 },
          report(file, t),
          Date.now(),
        );
      }
    })();
  });

  after(() => {
    library.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies each migration once, with its bookkeeping row, and reopens without re-applying', () => {
    const versions = library.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    assert.deepEqual(
      versions,
      loadMigrations().map((m) => m.version),
    );
    assert.ok(versions.includes(1));
    const again = openLibrary(library.dbPath);
    assert.equal(again.db.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), versions.length);
    assert.equal(again.db.pragma('journal_mode', { simple: true }), 'wal');
    again.close();
  });

  it('puts the database in the platform app-data folder unless --db or SEEDSCOPE_DB says otherwise', () => {
    assert.equal(appDataFolder({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/a'), '/x/cfg/Seedscope');
    assert.equal(appDataFolder({}, 'linux', '/home/a'), '/home/a/.config/Seedscope');
    assert.equal(appDataFolder({}, 'darwin', '/Users/a'), '/Users/a/Library/Application Support/Seedscope');
    assert.equal(
      appDataFolder({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a'),
      'C:\\Users\\a\\AppData\\Roaming\\Seedscope',
    );
    assert.equal(resolveLibraryPath(undefined, { SEEDSCOPE_DB: '/tmp/x.sqlite' }), '/tmp/x.sqlite');
    assert.equal(resolveLibraryPath('/tmp/y.sqlite', { SEEDSCOPE_DB: '/tmp/x.sqlite' }), '/tmp/y.sqlite');
  });

  it('pages newest first with a keyset cursor, every row exactly once', () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = library.search({ limit: 60, cursor });
      seen.push(...page.items.map((i) => i.createdAt));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 5);
    assert.equal(seen.length, 250);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => b - a),
    );
    assert.equal(new Set(seen).size, 250);
  });

  it('filters by model (any folder or extension), sampler, seed, steps, cfg range, size, LoRA and date', () => {
    const count = (filters: SearchFilters): number => library.search({ filters, limit: 500 }).items.length;
    assert.equal(count({ model: 'waiIllustrious_v160' }), 125);
    assert.equal(count({ model: 'FLUX1-DEV.safetensors' }), 125);
    assert.equal(count({ sampler: 'dpmpp_2m' }), 84);
    assert.equal(count({ seed: '1007' }), 5);
    assert.equal(count({ steps: 22 }), 50);
    assert.equal(count({ cfgMin: 6, cfgMax: 6.5 }), 62);
    assert.equal(count({ height: 768 }), 63);
    assert.equal(count({ lora: 'detailtweaker' }), 25);
    assert.equal(count({ since: base + 100 * 60_000, until: base + 110 * 60_000 }), 10);
    assert.equal(count({ folder: path.join(dir, 'images') }), 250);
    assert.equal(count({ folder: path.join(dir, 'elsewhere') }), 0);
  });

  it('finds prompt words with FTS, including prefixes, newest first', () => {
    const page = library.search({ text: 'castle', limit: 500 });
    assert.equal(page.items.length, 63);
    assert.ok(page.items.every((i) => i.promptPreview?.includes('castle')));
    assert.equal(library.search({ text: 'cast*', limit: 500 }).items.length, 63);
    assert.equal(library.search({ text: 'castle dusk', filters: { seed: '1000' }, limit: 500 }).items.length, 3);
    // The negative prompt is searched too (migration 0300), and each hit says where its words were found.
    const negative = library.search({ text: 'blurry', limit: 500 }).items;
    assert.ok(negative.length > 0);
    assert.ok(
      negative.every((i) => i.matchedIn?.includes('negativePrompt') && !i.matchedIn.includes('prompt')),
      'blurry is in the negative prompt only',
    );
    assert.deepEqual(library.search({ text: 'castle', limit: 1 }).items[0].matchedIn, ['prompt']);
  });

  it('never throws on FTS syntax in what a person types', () => {
    for (const text of [
      '"',
      '-',
      'AND(',
      'NEAR(castle',
      'castle"',
      '*',
      'OR',
      '-castle',
      'col:castle',
      '(((',
      "it's",
      'a AND',
      '\u0000',
      '^castle',
    ]) {
      assert.doesNotThrow(() => library.search({ text }), `search for ${JSON.stringify(text)}`);
    }
    assert.equal(toFtsQuery('"-'), null);
    assert.equal(library.search({ text: 'castle"' }).items.length, 63);
  });

  it('answers the gallery and search queries from indexes, never a full table scan', () => {
    library.db.exec('ANALYZE');
    const plans = [
      library.history.explain({}),
      library.history.explain({ text: 'castle' }),
      library.history.explain({ filters: { model: 'flux1-dev' } }),
      library.history.explain({ filters: { seed: '1001' } }),
      library.history.explain({ text: 'castle', filters: { sampler: 'euler' } }),
    ];
    for (const plan of plans) {
      const text = plan.join('\n');
      assert.ok(!/SCAN images(?! USING|_fts)/m.test(text), `full scan in plan:\n${text}`);
      assert.ok(!/USE TEMP B-TREE/.test(text), `sort without index in plan:\n${text}`);
    }
    assert.match(plans[0].join('\n'), /SCAN images USING INDEX images_timeline/);
    // Text search streams FTS matches in timeline order (its rowid) and joins each to its row by that index.
    assert.match(
      plans[1].join('\n'),
      /SCAN images_fts VIRTUAL TABLE[^\n]*\n.*SEARCH images USING INDEX images_timeline \(timeline=\?\)/,
    );
    assert.match(plans[3].join('\n'), /images_seed/);
  });

  it('keeps a stable tuple key: same settings spelled differently agree, any real change differs', () => {
    const a = tuple({
      seed: '42',
      model: 'C:\\models\\sdxl.safetensors',
      samplerId: 'euler',
      steps: 20,
      cfg: 7,
      width: 1024,
      height: 1024,
      prompt: 'cat',
    });
    const b = tuple({
      seed: '42',
      model: 'sdxl',
      samplerId: 'euler',
      steps: 20,
      cfg: 7.0,
      width: 1024,
      height: 1024,
      prompt: 'cat',
    });
    assert.equal(tupleKey(a), tupleKey(b));
    assert.notEqual(tupleKey(a), tupleKey({ ...b, cfg: 7.5 }));
    assert.notEqual(tupleKey(a), tupleKey({ ...b, prompt: 'cat ' }));
    assert.equal(tupleKey({ ...b, seed: null }), null);
  });

  it('groups images sharing a tuple, and ranks the groups whose pixels disagree first', () => {
    const rows = library.db.prepare('SELECT id FROM images ORDER BY id LIMIT 5').all() as Array<{ id: number }>;
    const agreeing = 'a'.repeat(32);
    const key = 'k'.repeat(32);
    const set = library.db.prepare(
      `UPDATE images SET tuple_key = ?, pixel_sha256 = ?, rgb_sha256 = ?, pixel_state = 'done' WHERE id = ?`,
    );
    // The bigger group agrees; the smaller one has two different pixel hashes and must still come first.
    set.run(agreeing, 'd'.repeat(64), 'd'.repeat(64), rows[2].id);
    set.run(agreeing, 'd'.repeat(64), 'd'.repeat(64), rows[3].id);
    set.run(agreeing, 'd'.repeat(64), 'd'.repeat(64), rows[4].id);
    set.run(key, 'a'.repeat(64), 'c'.repeat(64), rows[0].id);
    set.run(key, 'b'.repeat(64), 'c'.repeat(64), rows[1].id);
    const groups = library.groups();
    assert.deepEqual(
      groups.map((g) => [g.tupleKey, g.count, g.pixelsAgree]),
      [
        [key, 2, false],
        [agreeing, 3, true],
      ],
    );
    assert.deepEqual(
      library.groups({ disagreeingOnly: true }).map((g) => g.tupleKey),
      [key],
    );
    assert.equal(groups[0].pixelsAgree, false);
    assert.equal(groups[0].distinctPixelHashes, 2);
    assert.equal(groups[0].distinctRgbHashes, 1, 'same RGB, different alpha');
  });

  it('finds near-duplicates by Hamming distance over the compact hash column', () => {
    const ids = library.db.prepare('SELECT id FROM images ORDER BY id LIMIT 3').pluck().all() as number[];
    const set = library.db.prepare('UPDATE images SET phash = ?, phash_hi = ?, phash_lo = ? WHERE id = ?');
    set.run('f0f0f0f00f0f0f0f', 0xf0f0f0f0 | 0, 0x0f0f0f0f, ids[0]);
    set.run('f0f0f0f10f0f0f0e', 0xf0f0f0f1 | 0, 0x0f0f0f0e, ids[1]);
    set.run('0f0f0f0ff0f0f0f0', 0x0f0f0f0f, 0xf0f0f0f0 | 0, ids[2]);
    const hits = library.similar('f0f0f0f00f0f0f0f');
    assert.deepEqual(
      hits.map((h) => [h.image.id, h.distance]),
      [
        [ids[0], 0],
        [ids[1], 2],
      ],
    );
    assert.throws(() => library.similar('xyz'), RangeError);
  });
});
