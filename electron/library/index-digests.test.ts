// The index's digests on real corpus files and real SQLite (issue #16): each file's XXH3-128 stored as its identity,
// the RGBA SHA-256 unchanged, no file SHA-256 or RGB digest computed for every image; a moved file keeps its row
// without a decode; the RGB digest filled in where a group disagrees, so "alpha differs only" survives a cold
// index; the file SHA-256 computed once by an export and stored; a library from before migration 0800 upgrades
// with every stored value intact and nothing decoded again.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createXXHash128 } from 'hash-wasm';
import sharp from 'sharp';
import { withPngChunks } from '../metadata/containers/png-write';
import { exportIndexedSidecars } from '../records/export-sidecars';
import { recordForIndexedImage } from '../records/indexed-record';
import { indexFolders } from './indexer';
import { LazyDigests } from './lazy-digests';
import { openLibrary, type Library } from './library';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const SOURCE = 'a1111/sdm_png_sd-webui.png';
const OTHERS = ['a1111/metahub_cli_a1111.png', 'forge/sdm_jpg_reforge.jpeg'];

interface DigestRow {
  id: number;
  path: string;
  file_xxh3: string | null;
  file_sha256: string | null;
  pixel_sha256: string | null;
  rgb_sha256: string | null;
  pixel_state: string;
  thumb_path: string | null;
}

function rows(library: Library): DigestRow[] {
  return library.db
    .prepare(
      'SELECT id, path, file_xxh3, file_sha256, pixel_sha256, rgb_sha256, pixel_state, thumb_path FROM images ORDER BY path',
    )
    .all() as DigestRow[];
}

function row(library: Library, file: string): DigestRow {
  const found = rows(library).find((r) => r.path === file);
  assert.ok(found, `${file} is indexed`);
  return found;
}

async function xxh3Of(file: string): Promise<string> {
  const h = await createXXHash128();
  h.init();
  h.update(fs.readFileSync(file));
  return h.digest('hex');
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The decoded-pixel SHA-256 as every earlier version stored it: SHA-256 of sharp's RGBA (alpha added). */
async function rgbaSha256(file: string): Promise<string> {
  return sha256(await sharp(file).ensureAlpha().raw().toBuffer());
}

/** A copy of a PNG whose alpha channel was rewritten (as Forge's stealth writer does) and whose text chunks are
 *  the original's, so both share one tuple: same RGB, different RGBA. */
async function alphaRewrittenCopy(from: string, to: string): Promise<void> {
  const { data, info } = await sharp(from).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 3; i < info.width * 4 * 8; i += 4) data[i] = 254;
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .png()
    .toBuffer();
  fs.writeFileSync(to, withPngChunks(png, textChunksOf(fs.readFileSync(from))));
}

function textChunksOf(png: Buffer): Array<{ type: string; data: Uint8Array }> {
  const out: Array<{ type: string; data: Uint8Array }> = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'tEXt' || type === 'iTXt' || type === 'zTXt')
      out.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('index digests', { skip: fs.existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}` }, () => {
  let work: string;
  let root: string;
  let library: Library;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-digests-'));
    root = path.join(work, 'images');
    fs.mkdirSync(root);
    for (const name of [SOURCE, ...OTHERS])
      fs.copyFileSync(path.join(CORPUS, name), path.join(root, path.basename(name)));
    await alphaRewrittenCopy(path.join(CORPUS, SOURCE), path.join(root, 'alpha-rewritten.png'));
    library = openLibrary(path.join(work, 'lib.sqlite'));
    const first = await indexFolders(library, [root], { workers: 2 });
    assert.deepEqual(first.failed, []);
    assert.equal(first.pixelsDone, 4);
  });

  after(() => {
    library.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('stores each file XXH3-128 and the RGBA SHA-256 every earlier version stored; no file SHA-256 at index time', async () => {
    for (const r of rows(library)) {
      assert.equal(r.pixel_state, 'done');
      assert.equal(r.file_xxh3, await xxh3Of(r.path), `${r.path}: XXH3-128 of the bytes`);
      assert.equal(r.pixel_sha256, await rgbaSha256(r.path), `${r.path}: RGBA SHA-256 unchanged`);
      assert.equal(r.file_sha256, null, 'computed when something needs it');
    }
  });

  it('fills the RGB digest only in the group whose pixels disagree, so it still says "alpha differs only"', async () => {
    const original = row(library, path.join(root, path.basename(SOURCE)));
    const copy = row(library, path.join(root, 'alpha-rewritten.png'));
    assert.notEqual(original.pixel_sha256, copy.pixel_sha256, 'fixture: alpha differs');
    const rgb = sha256(await sharp(path.join(CORPUS, SOURCE)).removeAlpha().raw().toBuffer());
    assert.equal(original.rgb_sha256, rgb);
    assert.equal(copy.rgb_sha256, rgb);
    for (const name of OTHERS) assert.equal(row(library, path.join(root, path.basename(name))).rgb_sha256, null);
    const [group] = library.groups({ disagreeingOnly: true });
    assert.ok(group, 'the pair is one group');
    assert.deepEqual([group.count, group.distinctPixelHashes, group.distinctRgbHashes], [2, 2, 1]);
  });

  it('does not call a group alpha-only while a member has no RGB digest yet', () => {
    const copy = row(library, path.join(root, 'alpha-rewritten.png'));
    library.db.prepare('UPDATE images SET rgb_sha256 = NULL WHERE id = ?').run(copy.id);
    const [group] = library.groups({ disagreeingOnly: true });
    assert.equal(group.distinctRgbHashes, 2, 'an unknown RGB digest counts as a different one');
    library.db
      .prepare('UPDATE images SET rgb_sha256 = ? WHERE id = ?')
      .run(row(library, original()).rgb_sha256, copy.id);
  });

  const original = (): string => path.join(root, path.basename(SOURCE));

  it('moves a renamed file and one copied with a new mtime to their rows without decoding them', async () => {
    const jpeg = path.join(root, path.basename(OTHERS[1]));
    const before = { png: row(library, original()), jpeg: row(library, jpeg) };
    library.setNote(before.png.id, 'keeper');
    const renamed = path.join(root, 'renamed.png');
    fs.renameSync(original(), renamed);
    const sub = path.join(root, 'sub');
    fs.mkdirSync(sub);
    const copied = path.join(sub, 'copied.jpeg');
    fs.copyFileSync(jpeg, copied);
    fs.utimesSync(copied, new Date('2026-03-04T05:06:07Z'), new Date('2026-03-04T05:06:07Z'));
    fs.rmSync(jpeg);
    const summary = await indexFolders(library, [root], { workers: 2 });
    assert.equal(summary.moved, 2);
    assert.equal(summary.pixelsDone, 0, 'no file was decoded');
    assert.equal(summary.removed, 0);
    const moved = row(library, renamed);
    assert.deepEqual({ ...moved, path: before.png.path }, before.png, 'same id, digests and thumbnail');
    assert.equal(library.image(moved.id)?.note, 'keeper');
    assert.equal(library.image(moved.id)?.seed, '3782896554');
    const movedJpeg = row(library, copied);
    assert.equal(movedJpeg.id, before.jpeg.id);
    assert.equal(library.image(movedJpeg.id)?.createdAt, Date.parse('2026-03-04T05:06:07Z'), 'the copy time');
    assert.ok(
      library.search({ text: 'hatsune' }).items.some((i) => i.path === renamed),
      'FTS follows the move',
    );
    fs.renameSync(renamed, original());
    assert.equal((await indexFolders(library, [root], { workers: 2 })).moved, 1);
  });

  it('computes the file SHA-256 for the first export and stores it; the next export reads it from the row', async () => {
    const image = library.imageByPath(original());
    assert.ok(image);
    assert.equal(image.fileSha256, null);
    const digests = new LazyDigests(library.db);
    const out = path.join(work, 'exports');
    const outcomes = await exportIndexedSidecars(image, ['json'], {
      outDir: out,
      onRowDigests: (record) => digests.storeFromRecord(image, record),
    });
    assert.ok(outcomes[0].ok);
    const fileSha = sha256(fs.readFileSync(original()));
    const written = JSON.parse(fs.readFileSync(outcomes[0].path ?? '', 'utf8'));
    assert.equal(written.image.fileSha256, fileSha, 'the sidecar carries the file SHA-256');
    const stored = library.imageByPath(original());
    assert.equal(stored?.fileSha256, fileSha, 'stored once computed');
    assert.ok(stored);
    const again = await recordForIndexedImage(stored);
    assert.equal(again.source, 'library', 'no second read of the file');
    assert.equal(again.fillsRowDigests, false);
    assert.equal(again.record.image.fileSha256, fileSha);
  });
});

describe('migration 0800 on a library from before it', {
  skip: fs.existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}`,
}, () => {
  let work: string;
  let root: string;
  let dbPath: string;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-digests-0800-'));
    root = path.join(work, 'images');
    fs.mkdirSync(root);
    for (const name of [SOURCE, ...OTHERS])
      fs.copyFileSync(path.join(CORPUS, name), path.join(root, path.basename(name)));
    dbPath = path.join(work, 'lib.sqlite');
    const library = openLibrary(dbPath);
    await indexFolders(library, [root], { workers: 2 });
    library.close();
    // What the code before 0800 stored: every digest computed at index time, and no file_xxh3 column.
    const db = new Database(dbPath);
    const set = db.prepare('UPDATE images SET file_sha256 = ?, rgb_sha256 = ? WHERE id = ?');
    for (const r of db.prepare('SELECT id, path FROM images').all() as Array<{ id: number; path: string }>) {
      const rgb = sha256(await sharp(r.path).removeAlpha().raw().toBuffer());
      set.run(sha256(fs.readFileSync(r.path)), rgb, r.id);
    }
    db.exec(`ALTER TABLE images DROP COLUMN file_xxh3; DELETE FROM schema_migrations WHERE version = 800;`);
    db.close();
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('keeps every stored digest byte-identical and decodes nothing on the next rescan; moves still need no decode', async () => {
    const old = new Database(dbPath, { readonly: true });
    const before = old
      .prepare(
        'SELECT id, path, file_sha256, pixel_sha256, rgb_sha256, pixel_state, thumb_path FROM images ORDER BY id',
      )
      .all();
    old.close();
    const library = openLibrary(dbPath);
    try {
      const applied = library.db.prepare('SELECT version FROM schema_migrations WHERE version = 800').pluck().get();
      assert.equal(applied, 800);
      const after0 = library.db
        .prepare(
          'SELECT id, path, file_sha256, pixel_sha256, rgb_sha256, pixel_state, thumb_path FROM images ORDER BY id',
        )
        .all();
      assert.deepEqual(after0, before, 'the migration changes no stored value');
      for (const r of rows(library)) {
        assert.equal(r.pixel_sha256, await rgbaSha256(r.path));
        assert.equal(r.file_xxh3, null, 'no file is read by the migration');
      }
      const rescan = await indexFolders(library, [root], { workers: 2 });
      assert.deepEqual([rescan.indexed, rescan.pixelsDone, rescan.unchanged], [0, 0, 3]);
      assert.deepEqual(
        library.db
          .prepare(
            'SELECT id, path, file_sha256, pixel_sha256, rgb_sha256, pixel_state, thumb_path FROM images ORDER BY id',
          )
          .all(),
        before,
        'pixel_state stays done, values unchanged',
      );
      // A row from before 0800 has no XXH3 but holds its file SHA-256: a rename is matched by that, no decode.
      const from = path.join(root, path.basename(SOURCE));
      const id = row(library, from).id;
      fs.renameSync(from, path.join(root, 'renamed.png'));
      const moved = await indexFolders(library, [root], { workers: 2 });
      assert.deepEqual([moved.moved, moved.pixelsDone], [1, 0]);
      const r = row(library, path.join(root, 'renamed.png'));
      assert.equal(r.id, id);
      assert.equal(r.file_xxh3, await xxh3Of(r.path), 'the identity computed for the match is kept');
    } finally {
      library.close();
    }
  });
});
