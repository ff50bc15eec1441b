// The image-task queue's rules, on real PNG files and real worker threads: a task waits while the pixels already
// running would pass the budget, the line has a fixed length, and past it the answer is a "busy" error at once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { ImageTaskBusyError, ImageTaskQueue, workerHeapMb } from './image-tasks';

const work = mkdtempSync(path.join(os.tmpdir(), 'seedscope-image-tasks-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('over the pixel budget tasks run one at a time, a short line waits, the next is told busy', async () => {
  const file = path.join(work, 'a.png');
  writeFileSync(
    file,
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#408020' } })
      .png()
      .toBuffer(),
  );
  // 64² = 4,096 px per probe; a 5,000 px budget lets only one run at a time.
  const queue = new ImageTaskQueue({ maxRunning: 2, maxWaiting: 1, pixelBudget: 5_000 });
  // Headers are read first, in any order: whichever task asks third finds one running and one waiting.
  let loadWhenRefused: ReturnType<ImageTaskQueue['load']> | null = null;
  const settled = await Promise.allSettled(
    [0, 1, 2].map(() =>
      queue.run({ task: 'probe', path: file }).catch((err: unknown) => {
        loadWhenRefused = queue.load();
        throw err;
      }),
    ),
  );
  const refused = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(refused.length, 1, JSON.stringify(settled.map((r) => r.status)));
  assert.ok(refused[0].reason instanceof ImageTaskBusyError, String(refused[0].reason));
  assert.match(refused[0].reason.message, /busy: 1 image task\(s\) running and 1 waiting/);
  assert.deepEqual(loadWhenRefused, { running: 1, waiting: 1, pixelsInFlight: 4096 });
  assert.deepEqual(queue.load(), { running: 0, waiting: 0, pixelsInFlight: 0 });
});

test('the worker heap grows with the pixels of the task, within bounds', () => {
  assert.equal(workerHeapMb(0), 256);
  assert.equal(workerHeapMb(2 * 4096 * 4096), 256 + 128);
  assert.equal(workerHeapMb(600_000_000), 2048);
});
