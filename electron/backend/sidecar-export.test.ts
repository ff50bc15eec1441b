// Issue #18, item 3: containment by real path. records.export with an export folder that is a symlink into an
// indexed folder wrote there (the check compared path strings); a library row whose path points outside every
// indexed folder was read. Driven through the real AppBackend on a real SQLite file and a corpus image.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { JobFinished } from '../../shared/contract';
import { AppBackend } from './app-backend';
import { folderHolding, realPathToBe } from './folder-containment';

const corpus = process.env.SEEDSCOPE_CORPUS ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const work = mkdtempSync(path.join(os.tmpdir(), 'seedscope-export-contain-'));
const images = path.join(work, 'images');
mkdirSync(images);
copyFileSync(path.join(corpus, 'a1111', 'metahub_cli_a1111.png'), path.join(images, 'a.png'));
let backend: AppBackend;

before(async () => {
  backend = await AppBackend.open({ dbPath: path.join(work, 'library.sqlite'), mode: 'web', version: '0.0.0' });
  const finished = new Promise<JobFinished>((resolve) =>
    backend.events.subscribe((m) => m.event === 'job.finished' && resolve(m.payload)),
  );
  const added = await backend.request('library.addFolder', { path: images, watch: false });
  assert.ok(added.ok, JSON.stringify(added));
  await finished;
});
after(async () => {
  await backend?.close();
  rmSync(work, { recursive: true, force: true });
});

async function firstImageId(): Promise<number> {
  const found = await backend.request('library.search', { limit: 5 });
  assert.ok(found.ok && found.value.items.length === 1);
  return found.value.items[0].id;
}

test('realPathToBe and folderHolding see through a symlink, for folders that do not exist yet', async () => {
  const link = path.join(work, 'innocent-looking');
  symlinkSync(images, link);
  assert.equal(await realPathToBe(path.join(link, 'new', 'deeper')), path.join(images, 'new', 'deeper'));
  assert.equal(await folderHolding(path.join(link, 'new'), [images]), images);
  assert.equal(await folderHolding(path.join(work, 'elsewhere'), [images]), null);
});

test('records.export refuses an export folder that is a symlink into an indexed folder, and writes nothing there', async () => {
  const imageId = await firstImageId();
  const link = path.join(work, 'exports-link');
  symlinkSync(images, link);
  const refused = await backend.request('records.export', {
    imageIds: [imageId],
    format: 'json',
    outDir: path.join(link, 'sidecars'),
  });
  assert.ok(!refused.ok, JSON.stringify(refused));
  assert.equal(refused.error.code, 'inside-library');
  assert.match(refused.error.message, /never writes into your image folders/);
  assert.deepEqual(readdirSync(images), ['a.png'], 'nothing was written into the indexed folder');

  const fine = await backend.request('records.export', {
    imageIds: [imageId],
    format: 'json',
    outDir: path.join(work, 'real-exports'),
  });
  assert.ok(fine.ok && fine.value.written.length === 1, JSON.stringify(fine));
});

test('a library row pointing outside every indexed folder is not read by records.export', async () => {
  const outside = path.join(work, 'private.png');
  copyFileSync(path.join(corpus, 'a1111', 'metahub_cli_a1111.png'), outside);
  // What a planted or stale row looks like: the path of a file the person never indexed.
  backend.library.db.prepare('UPDATE images SET path = ? WHERE id = ?').run(outside, await firstImageId());
  const result = await backend.request('records.export', {
    imageIds: [await firstImageId()],
    format: 'json',
    outDir: path.join(work, 'row-exports'),
  });
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.value.written.length, 0);
  assert.match(result.value.failed[0]?.message ?? '', /private\.png: not a regular file inside an indexed folder/);
  assert.equal(existsSync(path.join(work, 'row-exports', 'private.png.seedscope.json')), false);
});
