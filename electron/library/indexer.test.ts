// The indexer on a copy of the real corpus: first index, rescan without reading, rename (identity kept),
// delete, corrupt file, FIFO, symlink loop, unreadable folder, missing folder (offline, never deleted),
// FTS, groups, near-duplicates, the CLI, and originals never touched.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { IndexSummary } from '../../shared/library';
import { NEAR_DUPLICATE_BITS } from '../pixels/perceptual-hash';
import { IMAGE_EXTENSIONS } from './folder-walk';
import { indexFolders } from './indexer';
import { openLibrary, type Library } from './library';
import { findSimilarToFile } from './similar-to-file';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const REPO = path.resolve(__dirname, '..', '..', '..');

function imageFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
      out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!entry.isFile()) continue;
    const stat = fs.statSync(full);
    out.set(full, `${createHash('sha256').update(fs.readFileSync(full)).digest('hex')}:${stat.mtimeMs}`);
  }
  return out;
}

function cli(args: string[], asNobody = false): { status: number | null; stdout: string; stderr: string } {
  const command = asNobody ? 'setpriv' : process.execPath;
  const prefix = asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [];
  const result = spawnSync(command, [...prefix, path.join(REPO, 'bin', 'seedscope.js'), ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('indexing the corpus', { skip: fs.existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}` }, () => {
  let work: string;
  let root: string;
  let dbPath: string;
  let library: Library;
  let first: IndexSummary;
  let files: string[];
  let before0: Map<string, string>;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'seedscope-index-'));
    fs.chmodSync(work, 0o755);
    root = path.join(work, 'corpus');
    fs.cpSync(CORPUS, root, { recursive: true });
    files = imageFiles(root);
    before0 = snapshot(root);
    fs.mkdirSync(path.join(work, 'db'), { mode: 0o777 });
    fs.chmodSync(path.join(work, 'db'), 0o777);
    dbPath = path.join(work, 'db', 'lib.sqlite');
    library = openLibrary(dbPath);
    first = await indexFolders(library, [root]);
  });

  after(() => {
    library.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('indexes every image, hashes pixels once, writes thumbnails only to the cache, never touches originals', () => {
    assert.equal(first.seen, files.length);
    assert.equal(first.indexed + first.failed.filter((f) => files.includes(f.path)).length, files.length);
    const rows = library.db
      .prepare(`SELECT pixel_state, count(*) AS n FROM images GROUP BY pixel_state`)
      .all() as Array<{ pixel_state: string; n: number }>;
    const done = rows.find((r) => r.pixel_state === 'done')?.n ?? 0;
    assert.ok(done >= files.length - 2, JSON.stringify({ rows, failed: first.failed }));
    const thumb = library.db
      .prepare(`SELECT thumb_path FROM images WHERE pixel_state = 'done' LIMIT 1`)
      .pluck()
      .get() as string;
    assert.ok(thumb.startsWith(library.cacheFolder) && fs.existsSync(thumb));
    assert.deepEqual(snapshot(root), before0, 'the indexed folder is byte-for-byte and mtime unchanged, no file added');
    assert.equal(library.db.pragma('integrity_check', { simple: true }), 'ok');
  });

  it('stores the tuple columns and finds a corpus prompt word with FTS', () => {
    const file = path.join(root, 'a1111', 'sdm_png_sd-webui.png');
    const detail = library.imageByPath(file);
    assert.ok(detail);
    assert.equal(detail.seed, '3782896554');
    assert.equal(detail.steps, 20);
    assert.equal(detail.pixelWidth, 1024);
    assert.match(detail.pixelSha256 ?? '', /^[0-9a-f]{64}$/);
    assert.match(detail.perceptualHash ?? '', /^[0-9a-f]{16}$/);
    assert.ok(detail.report.raw.length > 0, 'raw metadata kept');
    const hits = library.search({ text: 'hatsune' }).items.map((i) => i.path);
    assert.ok(hits.includes(file), JSON.stringify(hits));
    assert.ok(library.search({ text: 'hats*' }).items.some((i) => i.path === file));
    assert.ok(library.search({ text: 'hatsune', filters: { seed: '3782896554' } }).items.length >= 1);
  });

  it('rescans without reading unchanged files', async () => {
    const again = await indexFolders(library, [root]);
    assert.equal(again.indexed, 0);
    assert.equal(again.pixelsDone, 0);
    assert.equal(
      again.unchanged,
      files.length - first.failed.filter((f) => files.includes(f.path) && !library.imageByPath(f.path)).length,
    );
  });

  it('keeps identity and user data of a renamed/moved file, removes a deleted one', async () => {
    const from = path.join(root, 'a1111', 'sdm_png_sd-webui.png');
    const to = path.join(root, 'forge', 'renamed-miku.png');
    const original = library.imageByPath(from);
    assert.ok(original);
    library.setNote(original.id, 'keeper');
    fs.renameSync(from, to);
    const gone = path.join(root, 'forge', 'sdm_png_reforge.png');
    const goneId = library.imageByPath(gone)?.id;
    fs.rmSync(gone);
    const summary = await indexFolders(library, [root]);
    assert.equal(summary.moved, 1);
    assert.equal(summary.removed, 1);
    const moved = library.imageByPath(to);
    assert.equal(moved?.id, original.id);
    assert.equal(moved?.note, 'keeper');
    assert.equal(moved?.seed, '3782896554');
    assert.equal(library.imageByPath(from), null);
    assert.equal(goneId !== undefined && library.image(goneId), null);
    assert.ok(
      library.search({ text: 'hatsune' }).items.some((i) => i.path === to),
      'FTS follows the move',
    );
  });

  it('reports a corrupt file by name and reason, ignores a FIFO and a symlink loop, indexes the rest', async () => {
    const corrupt = path.join(root, 'comfyui', 'truncated.png');
    fs.writeFileSync(
      corrupt,
      fs.readFileSync(path.join(root, 'forge', 'sdm_png_forge-classic-en.png')).subarray(0, 3000),
    );
    execFileSync('mkfifo', [path.join(root, 'comfyui', 'pipe.png')]);
    fs.symlinkSync('..', path.join(root, 'comfyui', 'loop'));
    fs.writeFileSync(path.join(root, 'comfyui', 'text-not-image.png'), 'hello');
    const summary = await indexFolders(library, [root]);
    const reasons = new Map(summary.failed.map((f) => [f.path, f.reason]));
    assert.match(reasons.get(corrupt) ?? '', /decod|truncat|corrupt/i);
    assert.match(
      reasons.get(path.join(root, 'comfyui', 'text-not-image.png')) ?? '',
      /not a recognised image|not an image/i,
    );
    assert.ok(!reasons.has(path.join(root, 'comfyui', 'pipe.png')));
    assert.equal(library.imageByPath(corrupt)?.pixelState, 'failed');
    assert.equal(
      summary.unchanged,
      library.db.prepare(`SELECT count(*) FROM images WHERE path <> ?`).pluck().get(corrupt),
    );
  });

  it('marks images under an unreadable folder offline (privileges dropped), keeps them, brings them back', (t) => {
    if (spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status !== 0) {
      t.skip('setpriv cannot drop privileges here (as root, chmod 000 does not deny access)');
      return;
    }
    library.close();
    for (const f of fs.readdirSync(path.join(work, 'db'))) fs.chmodSync(path.join(work, 'db', f), 0o666);
    const forge = path.join(root, 'forge');
    const inForge = imageFiles(forge).length;
    fs.chmodSync(forge, 0o000);
    try {
      const run = cli(['index', root, '--db', dbPath], true);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`offline ${inForge}\\b`));
      assert.match(run.stdout, /forge: permission denied/);
    } finally {
      fs.chmodSync(forge, 0o755);
    }
    library = openLibrary(dbPath);
    const offline = library.db.prepare(`SELECT count(*) FROM images WHERE state = 'offline'`).pluck().get();
    assert.equal(offline, inForge);
    const back = cli(['index', root, '--db', dbPath]);
    assert.equal(back.status, 0, back.stderr);
    assert.equal(library.db.prepare(`SELECT count(*) FROM images WHERE state = 'offline'`).pluck().get(), 0);
  });

  it('marks every image offline when the folder is gone (unplugged drive), deletes nothing', async () => {
    const count = library.db.prepare('SELECT count(*) FROM images').pluck().get() as number;
    const away = `${root}-unplugged`;
    fs.renameSync(root, away);
    try {
      const summary = await indexFolders(library, [root]);
      assert.equal(summary.offline, count);
      assert.match(summary.failed[0].reason, /not reachable/);
      assert.equal(library.db.prepare(`SELECT count(*) FROM images WHERE state = 'offline'`).pluck().get(), count);
      assert.equal(library.search({ filters: { includeOffline: false } }).items.length, 0);
      assert.equal(library.search({ limit: 500 }).items.length, count);
    } finally {
      fs.renameSync(away, root);
    }
    const back = await indexFolders(library, [root]);
    assert.equal(back.indexed, 0);
    const typo = await indexFolders(library, [path.join(work, 'no-such-folder')]);
    assert.match(typo.failed[0].reason, /folder not found/);
    assert.ok(!library.folders().some((f) => f.path.endsWith('no-such-folder')), 'a typo is not registered');
    assert.equal(library.db.prepare(`SELECT count(*) FROM images WHERE state = 'online'`).pluck().get(), count);
  });

  it('groups identical tuples: a byte copy agrees, and groups whose pixels differ come first', async () => {
    const source = path.join(root, 'forge', 'renamed-miku.png');
    fs.copyFileSync(source, path.join(root, 'forge', 'miku-copy.png'));
    await indexFolders(library, [root]);
    const groups = library.groups();
    const copyGroup = groups.find((g) => g.images.some((i) => i.path.endsWith('miku-copy.png')));
    assert.ok(copyGroup);
    assert.equal(copyGroup.pixelsAgree, true);
    assert.equal(copyGroup.count, 2);
    const firstAgreeing = groups.findIndex((g) => g.pixelsAgree);
    assert.ok(
      groups.slice(firstAgreeing).every((g) => g.pixelsAgree),
      'disagreeing groups first',
    );
  });

  it('finds the original of a metadata-stripped, resized JPEG copy', async () => {
    const original = path.join(root, 'forge', 'sdm_png_forge-classic-en.png');
    const stripped = path.join(work, 'from-chat-app.jpg');
    await sharp(original).resize(512).jpeg({ quality: 75 }).toFile(stripped);
    const result = await findSimilarToFile(library, stripped);
    assert.equal(result.hits[0]?.image.path, original);
    assert.ok(result.hits[0].distance <= NEAR_DUPLICATE_BITS);
    assert.equal(result.hits[0].samePixels, false);
  });

  it('answers through the CLI: search, groups, similar (JSON)', () => {
    const search = cli(['search', 'hatsune', '--db', dbPath, '--json']);
    assert.equal(search.status, 0, search.stderr);
    assert.ok(
      (JSON.parse(search.stdout) as { items: Array<{ path: string }> }).items.some((i) =>
        i.path.endsWith('renamed-miku.png'),
      ),
    );
    const odd = cli(['search', 'AND( "-', '--db', dbPath, '--json']);
    assert.equal(odd.status, 0, odd.stderr);
    const groups = cli(['groups', '--db', dbPath, '--json']);
    assert.equal(groups.status, 0, groups.stderr);
    assert.ok((JSON.parse(groups.stdout) as unknown[]).length >= 1);
    const similar = cli(['similar', path.join(work, 'from-chat-app.jpg'), '--db', dbPath, '--json']);
    assert.equal(similar.status, 0, similar.stderr);
    const missing = cli(['similar', path.join(work, 'nope.png'), '--db', dbPath]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.png/);
  });
});
