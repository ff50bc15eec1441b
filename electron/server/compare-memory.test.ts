// Issue #18, item 1: many large compares at once against a real `seedscope serve`. Before the queue, eight
// 4096² pairs started eight workers at once and the server peaked near 2 GB (measured 1,966 MB here); now two run,
// two wait, the rest are told the server is busy, and the peak stays near two compares' worth (measured 786 MB).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { uploadFileNameHeader, uploadPath } from '../../shared/contract';
import { callApi, rawRequest, type ServeProcess, startServe } from './serve-process.fixture';

const SIDE = 4096;
const PARALLEL = 8;
/** Two 4096² compares (~330 MB each above a ~75 MB idle server) with room to spare; eight at once took ~2 GB. */
const PEAK_RSS_BOUND_MB = 1200;

const work = mkdtempSync(path.join(os.tmpdir(), 'seedscope-compare-memory-'));
let server: ServeProcess | null = null;
after(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** A smooth 4096² image (small PNG, fast to send) whose one tile differs between `a` and `b`. */
async function largePng(shift: number): Promise<Buffer> {
  const raw = Buffer.alloc(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const i = (y * SIDE + x) * 3;
      raw[i] = x >> 4;
      raw[i + 1] = y >> 4;
      raw[i + 2] = (x >> 9) * 32 + (y >> 9 === 3 ? shift : 0);
    }
  }
  return sharp(raw, { raw: { width: SIDE, height: SIDE, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(match, 'VmHWM is readable');
  return Number(match[1]) / 1024;
}

async function upload(port: number, png: Buffer, name: string): Promise<string> {
  const response = await rawRequest(port, {
    method: 'POST',
    path: uploadPath,
    headers: { 'Content-Type': 'application/octet-stream', [uploadFileNameHeader]: name },
    body: png,
  });
  const body = response.json<{ ok: boolean; value: { uploadId: string } }>();
  assert.ok(body.ok, response.body.toString());
  return body.value.uploadId;
}

test('eight 4096² compares at once: a bounded queue, a clear busy answer, and a bounded peak RSS', {
  skip: process.platform !== 'linux' && 'reads /proc',
}, async () => {
  server = await startServe(['--db', path.join(work, 'library.sqlite')]);
  const a = await upload(server.port, await largePng(0), 'a.png');
  const b = await upload(server.port, await largePng(9), 'b.png');
  const pid = server.child.pid as number;
  const answers = await Promise.all(
    Array.from({ length: PARALLEL }, () =>
      callApi(server!.port, 'compare.run', { a: { kind: 'upload', uploadId: a }, b: { kind: 'upload', uploadId: b } }),
    ),
  );
  const peak = peakRssMb(pid);
  const results = answers.map((r) =>
    r.json<
      { ok: true; value: { result: { verdict: string } } } | { ok: false; error: { code: string; message: string } }
    >(),
  );
  const busy = results.filter((r) => !r.ok && r.error.code === 'busy');
  const done = results.filter((r) => r.ok);
  assert.ok(
    busy.length >= 1,
    `some compares are refused as busy: ${JSON.stringify(results.map((r) => (r.ok ? 'ok' : r.error.code)))}`,
  );
  for (const refusal of busy) assert.match(!refusal.ok ? refusal.error.message : '', /busy.*Try again/);
  assert.equal(done.length + busy.length, PARALLEL, 'every other compare finished');
  assert.ok(done.length >= 2, 'the admitted compares ran');
  for (const r of done) assert.notEqual(r.ok && r.value.result.verdict, 'bit-identical');
  assert.ok(peak < PEAK_RSS_BOUND_MB, `server peak RSS ${Math.round(peak)} MB is under ${PEAK_RSS_BOUND_MB} MB`);
});
