// Issue #18, item 6: heatmaps and uploads piled up without a bound until restart. Real files on disk with set
// mtimes; the upload store and a real compare through the AppBackend.
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { AppBackend } from './app-backend';
import { boundFolder } from './cache-bounds';
import { UploadStore } from './upload-store';

const corpus = process.env.SEEDSCOPE_CORPUS ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const work = mkdtempSync(path.join(os.tmpdir(), 'seedscope-cache-bounds-'));
after(() => rmSync(work, { recursive: true, force: true }));
const HOUR = 60 * 60 * 1000;

function fileAged(folder: string, name: string, bytes: number, ageMs: number): string {
  const full = path.join(folder, name);
  writeFileSync(full, Buffer.alloc(bytes, 1));
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(full, when, when);
  return full;
}

test('boundFolder removes files past the age, then the oldest until the rest fit; writes in progress stay', async () => {
  const folder = path.join(work, 'bound');
  mkdirSync(folder);
  fileAged(folder, 'ancient', 10, 48 * HOUR);
  fileAged(folder, 'old', 400, 3 * HOUR);
  fileAged(folder, 'middle', 400, 2 * HOUR);
  fileAged(folder, 'new', 400, 1 * HOUR);
  fileAged(folder, 'x.part', 400, 4 * HOUR);
  await boundFolder(folder, { maxBytes: 1300, maxAgeMs: 24 * HOUR });
  assert.deepEqual(readdirSync(folder).sort(), ['middle', 'new', 'x.part']);
  await boundFolder(folder, { maxBytes: 1300, maxAgeMs: 24 * HOUR }, { reserveBytes: 400 });
  assert.deepEqual(readdirSync(folder).sort(), ['new', 'x.part']);
});

test('uploads are capped in total: the oldest upload makes room for a new one', async () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(1000)]);
  const store = new UploadStore(path.join(work, 'cache'), 2000, 2500);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const saved = await store.save(Readable.from([png]), `${i}.png`, png.length);
    assert.ok(saved.ok, JSON.stringify(saved));
    ids.push(saved.value.uploadId);
    // mtime order must not depend on the file system's timestamp granularity.
    const when = (Date.now() - (10 - i) * 1000) / 1000;
    utimesSync(path.join(work, 'cache', 'uploads', saved.value.uploadId), when, when);
  }
  assert.equal(await store.find(ids[0]), null, 'the oldest upload was removed');
  assert.ok(await store.find(ids[2]));
  const sizes = readdirSync(path.join(work, 'cache', 'uploads')).length * png.length;
  assert.ok(sizes <= 2500, `${sizes} bytes kept`);
});

test('a compare sweeps heatmaps past their age while the server runs, not only at start-up', async () => {
  const images = path.join(work, 'images');
  mkdirSync(images);
  copyFileSync(path.join(corpus, 'a1111', 'metahub_cli_a1111.png'), path.join(images, 'a.png'));
  const backend = await AppBackend.open({ dbPath: path.join(work, 'library.sqlite'), mode: 'web', version: '0.0.0' });
  try {
    const heatmaps = path.join(backend.library.cacheFolder, 'heatmaps');
    mkdirSync(heatmaps, { recursive: true });
    const stale = fileAged(heatmaps, `${'0'.repeat(32)}.png`, 100, 30 * HOUR);
    const upload = await backend.uploads.save(
      Readable.from([await import('node:fs').then((f) => f.readFileSync(path.join(images, 'a.png')))]),
      'a.png',
      null,
    );
    assert.ok(upload.ok);
    const ref = { kind: 'upload' as const, uploadId: upload.value.uploadId };
    const compared = await backend.request('compare.run', { a: ref, b: ref });
    assert.ok(compared.ok, JSON.stringify(compared));
    assert.equal(existsSync(stale), false, 'the day-old heatmap is gone');
  } finally {
    await backend.close();
  }
});
