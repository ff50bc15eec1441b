// Uploads are network bytes: capped while streaming, judged by magic bytes, stored under random ids only.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { UploadStore } from './upload-store';

const cache = mkdtempSync(path.join(os.tmpdir(), 'seedscope-uploads-'));
after(() => rmSync(cache, { recursive: true, force: true }));
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);

function chunks(...parts: Buffer[]): Readable {
  return Readable.from(parts);
}

test('an image is stored under a random id and found again by it', async () => {
  const store = new UploadStore(cache, 1024);
  const result = await store.save(chunks(png.subarray(0, 5), png.subarray(5)), '../../etc/passwd.png', png.length);
  assert.ok(result.ok);
  assert.match(result.value.uploadId, /^[0-9a-f]{32}$/);
  const found = await store.find(result.value.uploadId);
  assert.equal(found?.path, path.join(cache, 'uploads', result.value.uploadId));
  assert.equal(found?.format, 'png');
  assert.deepEqual(readFileSync(found!.path), png);
  assert.equal(await store.find('../library.sqlite'), null);
  assert.equal(await store.find('A'.repeat(32)), null);
});

test('too large: refused from Content-Length before reading, and while streaming when the length lied', async () => {
  const store = new UploadStore(cache, 64);
  const declared = await store.save(chunks(png), 'big.png', 10_000);
  assert.ok(!declared.ok && declared.error.code === 'too-large' && declared.error.message.startsWith('big.png: '));
  const streamed = await store.save(chunks(png, png), 'liar.png', null);
  assert.ok(!streamed.ok && streamed.error.code === 'too-large');
  assert.deepEqual(
    readdirSync(path.join(cache, 'uploads')).filter((n) => n.endsWith('.part')),
    [],
    'no partial file is left behind',
  );
});

test('not an image, or empty: refused by content, whatever the name says', async () => {
  const store = new UploadStore(cache, 1024);
  for (const [name, body] of [
    ['photo.png', Buffer.from('<svg onload=alert(1)>')],
    ['x.gif', Buffer.from('GIF89a......')],
    ['empty.png', Buffer.alloc(0)],
  ] as const) {
    const result = await store.save(chunks(body), name, body.length);
    assert.ok(!result.ok, name);
    assert.ok(result.error.message.startsWith(`${name}: `), result.error.message);
  }
});

test('uploads older than a day are swept at start', async () => {
  const store = new UploadStore(cache, 1024);
  const old = path.join(cache, 'uploads', 'f'.repeat(32));
  mkdirSync(path.dirname(old), { recursive: true });
  writeFileSync(old, png);
  const past = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  utimesSync(old, past, past);
  const fresh = await store.save(chunks(png), 'fresh.png', png.length);
  await store.sweep();
  assert.equal(await store.find('f'.repeat(32)), null);
  assert.ok(fresh.ok && (await store.find(fresh.value.uploadId)) !== null);
});
