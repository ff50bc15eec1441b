import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { hashModelFileInWorker } from './model-hash-in-worker';
import { AUTOV1_LENGTH, AUTOV1_OFFSET, hashModelFile, shortHashes } from './model-hashes';

/** Past 2^31 so 32-bit offset bugs show, small enough to hash twice in a few seconds. */
const SIZE = 2.25 * 1024 ** 3;
const dir = mkdtempSync(path.join(tmpdir(), 'seedscope-modelhash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** sha256 of a byte range by coreutils, so the expected values do not share a line of code with ours. */
function sha256sumOf(file: string, skipBytes = 0, takeBytes?: number): string {
  const take = takeBytes === undefined ? '' : ` | head -c ${takeBytes}`;
  const out = execFileSync('sh', ['-c', `tail -c +${skipBytes + 1} "$0"${take} | sha256sum`, file], {
    encoding: 'utf8',
  });
  return out.split(' ')[0];
}

/** Where the sparse checkpoint has bytes: the start, inside the AutoV1 window, past 2^31 (32-bit offset bugs), the end. */
const WRITTEN_REGIONS: ReadonlyArray<readonly [number, string]> = [
  [0, 'PK\x03\x04 pickle'],
  [AUTOV1_OFFSET + 100, 'autov1 window'],
  [2 ** 31 + 5, 'past 2 GiB'],
  [SIZE - 7, 'the end'],
];

/** SHA-256 of bytes [from, to) of a file that is zeros except `regions`, built in memory 16 MiB at a time. */
function sha256OfLayout(regions: Array<{ offset: number; bytes: Buffer }>, from: number, to: number): string {
  const hash = createHash('sha256');
  const block = Buffer.alloc(16 * 1024 * 1024);
  for (let at = from; at < to; at += block.length) {
    const end = Math.min(to, at + block.length);
    const view = block.subarray(0, end - at);
    view.fill(0);
    for (const { offset, bytes } of regions) {
      if (offset + bytes.length <= at || offset >= end) continue;
      const start = Math.max(offset, at);
      bytes.copy(view, start - at, start - offset, Math.min(bytes.length, end - offset));
    }
    hash.update(view);
  }
  return hash.digest('hex');
}

/** A safetensors file: u64 LE header length, JSON header, tensor bytes. */
function safetensors(header: object, data: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, data]);
}

test('2.25 GiB sparse checkpoint: full SHA-256, AutoV1 and AutoV2 match independently computed values, hashed in a worker with progress', async () => {
  const file = path.join(dir, 'big-model.ckpt');
  const fd = openSync(file, 'w');
  ftruncateSync(fd, SIZE);
  // Written regions: the start, inside the AutoV1 window at 1 MiB, one past 2^31 (32-bit offset bugs), the last bytes.
  for (const [offset, text] of WRITTEN_REGIONS) writeSync(fd, Buffer.from(text), 0, text.length, offset);
  closeSync(fd);

  const progress: number[] = [];
  const regions = WRITTEN_REGIONS.map(([offset, text]) => ({ offset, bytes: Buffer.from(text) }));
  const hashes = await hashModelFileInWorker(file, (done, total) => {
    assert.equal(total, SIZE);
    progress.push(done);
  });
  // Expected values from the layout itself (zeros plus the written regions), never from reading the file back:
  // independent of our reader, and it spares the shared machine a second 2.25 GiB read.
  const expectedSha = sha256OfLayout(regions, 0, SIZE);
  assert.equal(hashes.sha256, expectedSha);
  assert.equal(hashes.byteLength, SIZE);
  assert.equal(hashes.autov1, sha256OfLayout(regions, AUTOV1_OFFSET, AUTOV1_OFFSET + AUTOV1_LENGTH).slice(0, 8));
  assert.equal(
    hashes.autov1,
    sha256sumOf(file, AUTOV1_OFFSET, AUTOV1_LENGTH).slice(0, 8),
    'coreutils agrees on the AutoV1 window',
  );
  assert.equal(hashes.tensorSha256, null, 'not a safetensors file');
  const short = shortHashes(hashes);
  assert.equal(short.autov2, expectedSha.slice(0, 10));
  assert.equal(short.autov3, null);
  assert.ok(progress.length > 10, `progress reported during the hash (${progress.length} reports)`);
  assert.deepEqual(
    [...progress].sort((a, b) => a - b),
    progress,
    'progress only goes forward',
  );
  assert.equal(progress[progress.length - 1], SIZE);
});

test('safetensors: AutoV3 hashes the tensor data only, so a header rewrite changes AutoV2 but not AutoV3', async () => {
  const data = Buffer.alloc(2 * 1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  const tensors = { 'lora_up.weight': { dtype: 'F32', shape: [512, 1024], data_offsets: [0, data.length] } };
  const original = path.join(dir, 'style-lora.safetensors');
  const resaved = path.join(dir, 'style-lora-swarm.safetensors');
  writeFileSync(original, safetensors({ ...tensors, __metadata__: { ss_network_dim: '16' } }, data));
  // SwarmUI resaves model metadata into the header (T2IModel.cs:ResaveModel): same tensors, new header.
  writeFileSync(
    resaved,
    safetensors({ ...tensors, __metadata__: { 'modelspec.title': 'Style', spacer: ' '.repeat(65536) } }, data),
  );

  const a = await hashModelFile(original);
  const b = await hashModelFile(resaved);
  const headerLength = (f: string): number => Number(readFileSync(f).readBigUInt64LE(0));
  const expectedTensor = sha256sumOf(original, 8 + headerLength(original));
  assert.equal(a.tensorSha256, expectedTensor);
  assert.equal(
    expectedTensor,
    createHash('sha256').update(data).digest('hex'),
    'the tensor bytes are exactly the data',
  );
  assert.equal(b.tensorSha256, expectedTensor, 'header rewrite keeps the tensor hash');
  assert.notEqual(a.sha256, b.sha256, 'header rewrite changes the full-file hash');
  assert.equal(a.sha256, sha256sumOf(original));
  const short = shortHashes(a);
  assert.equal(short.autov3, expectedTensor.slice(0, 12));
  assert.equal(short.swarmTensorHash, `0x${expectedTensor}`);
  assert.equal(short.a1111LoraHash, expectedTensor.slice(0, 12));
  assert.equal(a.autov1, sha256sumOf(original, AUTOV1_OFFSET, AUTOV1_LENGTH).slice(0, 8));
});

test('a safetensors header length past the end of the file gives no tensor hash instead of a wrong one', async () => {
  const file = path.join(dir, 'broken.safetensors');
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(2n ** 40n);
  writeFileSync(file, Buffer.concat([head, Buffer.from('{"a":1}')]));
  const hashes = await hashModelFile(file);
  assert.equal(hashes.tensorSha256, null);
  assert.equal(hashes.sha256, sha256sumOf(file));
  // A file shorter than 1 MiB has an empty AutoV1 window: A1111 then hashes zero bytes.
  assert.equal(hashes.autov1, createHash('sha256').digest('hex').slice(0, 8));
});

test('a missing file is a clear error from the worker, not a crash', async () => {
  await assert.rejects(hashModelFileInWorker(path.join(dir, 'nope.safetensors')), /ENOENT|no such file/);
});
