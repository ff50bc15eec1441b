// The worker threads' reader: the same refusals as the async one (FIFO without blocking, missing, directory,
// empty), and reused buffers that never leak one file's bytes into the next.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ImageFileError, readImageBytes, readImageBytesSync } from './read-image-file';
import { MAX_KEPT_BYTES, ReusedBuffers } from './reused-buffers';

const dir = mkdtempSync(join(tmpdir(), 'seedscope-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function refusedWith(file: string, code: string, reason: RegExp): void {
  assert.throws(
    () => readImageBytesSync(file, Buffer.allocUnsafe),
    (err: unknown) => {
      assert.ok(err instanceof ImageFileError);
      assert.equal(err.code, code);
      assert.ok(err.message.startsWith(`${file}: `), err.message);
      assert.match(err.message, reason);
      return true;
    },
  );
}

test('readImageBytesSync refuses a FIFO without blocking, and names missing, directory and empty files', () => {
  const fifo = join(dir, 'pipe.png');
  execFileSync('mkfifo', [fifo]);
  refusedWith(fifo, 'not-a-file', /FIFO/);
  refusedWith(join(dir, 'missing.png'), 'not-found', /no such file/);
  refusedWith(dir, 'not-a-file', /directory/);
  const empty = join(dir, 'empty.png');
  writeFileSync(empty, '');
  refusedWith(empty, 'empty-file', /empty/);
});

test('files read through one pool of reused buffers come back whole and each its own, big after small', async () => {
  const pool = new ReusedBuffers();
  const files = [300, 70_000, 20, 70_001, 5].map((size, i) => {
    const file = join(dir, `f${i}.png`);
    writeFileSync(file, Buffer.alloc(size, i + 1));
    return file;
  });
  const seen = new Set<ArrayBufferLike>();
  for (const file of files) {
    const copy = await pool.use(async (allocate) => {
      const bytes = readImageBytesSync(file, allocate);
      seen.add(bytes.buffer);
      return Buffer.from(bytes);
    });
    assert.ok(copy.equals(readFileSync(file)), file);
  }
  assert.ok(seen.size < files.length, 'buffers were reused');
  // Concurrent users never share a buffer.
  const both = await Promise.all(
    files.slice(0, 2).map((file) =>
      pool.use(async (allocate) => {
        const bytes = await readImageBytes(file, allocate);
        await new Promise((resolve) => setTimeout(resolve, 10));
        return Buffer.from(bytes);
      }),
    ),
  );
  assert.ok(both[0].equals(readFileSync(files[0])) && both[1].equals(readFileSync(files[1])));
});

test('a buffer larger than the pool keeps is not reused', async () => {
  const pool = new ReusedBuffers();
  const first = await pool.use(async (allocate) => allocate(MAX_KEPT_BYTES + 1).buffer);
  const second = await pool.use(async (allocate) => allocate(10).buffer);
  assert.notEqual(first, second);
});
