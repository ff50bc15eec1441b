// A library indexed by an older metadata reader picks up today's readers on the next rescan, with the files
// unchanged: the tuple columns, adapters and search text are re-read, the pixel hashes and thumbnails are kept and
// nothing is decoded again, except a stealth file (its parameters live in the pixels). Real corpus files, a real
// SQLite file on disk.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { METADATA_READER_VERSION } from '../metadata/reader-version';
import { indexFolders } from './indexer';
import { type Library, openLibrary } from './library';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
// The ComfyUI hires-fix graph: the headline is the first pass (node 3); readers before version 1 could headline
// the second pass's seed.
const COMFY = {
  file: 'comfyui/cex_2_pass_txt2img_hiresfix_latent_workflow.png',
  seed: '89848141647836',
  oldSeed: '469771404043268',
};
const A1111 = { file: 'a1111/sdm_png_sd-webui.png', seed: '3782896554' };
const STEALTH = { file: 'a1111/sdparsers_automatic1111_stealth.png', seed: '2015833630' };

interface PixelColumns {
  reader_version: number;
  seed: string | null;
  pixel_state: string;
  pixel_sha256: string | null;
  thumb_path: string | null;
  prompt: string | null;
}

describe('reader version: rescans re-read what an older reader indexed', {
  skip: fs.existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}`,
}, () => {
  let work: string;
  let root: string;
  let dbPath: string;
  let library: Library;
  const at = (entry: { file: string }): string => path.join(root, path.basename(entry.file));
  const row = (entry: { file: string }): PixelColumns =>
    library.db
      .prepare('SELECT reader_version, seed, pixel_state, pixel_sha256, thumb_path, prompt FROM images WHERE path = ?')
      .get(at(entry)) as PixelColumns;
  const thumbMtime = (entry: { file: string }): number => fs.statSync(row(entry).thumb_path ?? '').mtimeMs;
  /** What an older reader left: the given seed in the column and in the stored tuple, and its version. */
  const ageRow = (entry: { file: string }, seed: string, version: number | null, prompt?: string): void => {
    library.db
      .prepare(`UPDATE images SET seed = @seed, tuple_json = json_set(tuple_json, '$.seed', @seed), prompt = coalesce(@prompt, prompt)
        ${version === null ? '' : ', reader_version = @version'} WHERE path = @path`)
      .run({ seed, version, prompt: prompt ?? null, path: at(entry) });
  };

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-reader-version-'));
    root = path.join(work, 'images');
    fs.mkdirSync(root);
    for (const entry of [COMFY, A1111, STEALTH]) fs.copyFileSync(path.join(CORPUS, entry.file), at(entry));
    dbPath = path.join(work, 'lib.sqlite');
    library = openLibrary(dbPath);
    const first = await indexFolders(library, [root]);
    assert.deepEqual(first.failed, []);
  });

  after(() => {
    library.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('stamps every row it indexes with the current reader version, stealth rows included', () => {
    for (const entry of [COMFY, A1111, STEALTH]) {
      const r = row(entry);
      assert.equal(r.reader_version, METADATA_READER_VERSION, entry.file);
      assert.equal(r.seed, entry.seed, entry.file);
      assert.equal(r.pixel_state, 'done', entry.file);
    }
  });

  it('gives rows indexed before migration 0700 version 0, so the next scan re-reads them', () => {
    library.db.exec(
      'ALTER TABLE images DROP COLUMN reader_version; DELETE FROM schema_migrations WHERE version = 700;',
    );
    library.close();
    library = openLibrary(dbPath);
    const versions = library.db.prepare('SELECT DISTINCT reader_version FROM images').pluck().all();
    assert.deepEqual(versions, [0]);
    library.db.prepare('UPDATE images SET reader_version = ?').run(METADATA_READER_VERSION);
  });

  it('re-reads an older row metadata-only: seed, tuple and search text fixed, pixels and thumbnail untouched', async () => {
    const before = row(COMFY);
    const promptWord = /[a-z]{5,}/i.exec(before.prompt ?? '')?.[0];
    assert.ok(promptWord, `a prompt word in ${before.prompt}`);
    const thumbBefore = thumbMtime(COMFY);
    ageRow(COMFY, COMFY.oldSeed, 0, 'zzstaleprompt');
    // Up to date but wrong: proves an up-to-date row is not opened (its file is unchanged too).
    ageRow(A1111, '1', null);
    assert.equal(library.search({ text: 'zzstaleprompt' }).items.length, 1);

    const summary = await indexFolders(library, [root], { metadataOnly: true });
    assert.equal(summary.indexed, 1);
    assert.equal(summary.unchanged, 2);
    const after = row(COMFY);
    assert.equal(after.seed, COMFY.seed);
    assert.equal(library.imageByPath(at(COMFY))?.report.tuple?.seed, COMFY.seed);
    assert.equal(after.reader_version, METADATA_READER_VERSION);
    assert.equal(after.pixel_state, 'done', 'no pixel pass queued');
    assert.equal(after.pixel_sha256, before.pixel_sha256);
    assert.equal(after.thumb_path, before.thumb_path);
    assert.equal(thumbMtime(COMFY), thumbBefore, 'thumbnail not rewritten');
    assert.equal(library.search({ text: 'zzstaleprompt' }).items.length, 0, 'old search text gone');
    assert.ok(
      library.search({ text: promptWord }).items.some((i) => i.path === at(COMFY)),
      'prompt searchable again',
    );
    assert.equal(row(A1111).seed, '1', 'an up-to-date row is not re-read');

    const full = await indexFolders(library, [root]);
    assert.equal(full.indexed, 0);
    assert.equal(full.pixelsDone, 0, 'nothing decoded');
    assert.equal(thumbMtime(COMFY), thumbBefore);
  });

  it('re-reads an older stealth row through its pixel pass: seed fixed, same hash, thumbnail kept', async () => {
    const before = row(STEALTH);
    const thumbBefore = thumbMtime(STEALTH);
    ageRow(STEALTH, '7', 0);

    // The metadata-only read cannot see stealth data: it must not overwrite the stored report with less.
    await indexFolders(library, [root], { metadataOnly: true });
    assert.equal(row(STEALTH).pixel_state, 'pending');
    assert.equal(row(STEALTH).seed, '7', 'stored report left for the pixel pass');

    const full = await indexFolders(library, [root]);
    assert.equal(full.pixelsDone, 1, 'only the stealth file decoded');
    const after = row(STEALTH);
    assert.equal(after.seed, STEALTH.seed);
    assert.equal(after.reader_version, METADATA_READER_VERSION);
    assert.equal(after.pixel_state, 'done');
    assert.equal(after.pixel_sha256, before.pixel_sha256);
    assert.equal(after.thumb_path, before.thumb_path);
    assert.equal(thumbMtime(STEALTH), thumbBefore, 'thumbnail not rewritten');

    const again = await indexFolders(library, [root]);
    assert.deepEqual([again.indexed, again.unchanged, again.pixelsDone], [0, 3, 0]);
  });
});
