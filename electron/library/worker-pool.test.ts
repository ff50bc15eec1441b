// A worker that dies mid-job fails that job with a message, is replaced, and the other jobs still finish.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { WorkerCrashError, WorkerPool } from './worker-pool';

// A real worker thread: echoes numbers doubled, exits hard on "crash" (as a native abort would), throws on "bad".
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ seq, job }) => {
  if (job === 'crash') process.exit(7);
  if (job === 'bad') return parentPort.postMessage({ seq, ok: false, error: 'bad input' });
  setTimeout(() => parentPort.postMessage({ seq, ok: true, result: job * 2 }), 5);
});`;

describe('worker pool', () => {
  it('fails only the file that crashes its worker, restarts the worker, finishes the rest', async () => {
    const pool = new WorkerPool<number | string, number>({
      script: WORKER,
      evalCode: true,
      size: 2,
      inFlightPerWorker: 2,
    });
    try {
      const jobs: Array<number | string> = [1, 2, 'crash', 3, 4, 'bad', 5, 6];
      const settled = await Promise.allSettled(jobs.map((j) => pool.run(j)));
      const values = settled.map((s) =>
        s.status === 'fulfilled'
          ? s.value
          : s.reason instanceof WorkerCrashError
            ? 'crashed'
            : (s.reason as Error).message,
      );
      assert.deepEqual(values, [2, 4, 'crashed', 6, 8, 'bad input', 10, 12]);
      assert.ok(pool.restarts >= 2, `restarts: ${pool.restarts}`);
      assert.equal(await pool.run(21), 42, 'the pool still works after crashes');
    } finally {
      await pool.close();
    }
  });

  it('rejects queued jobs when closed (cancellation)', async () => {
    const pool = new WorkerPool<number, number>({ script: WORKER, evalCode: true, size: 1, inFlightPerWorker: 1 });
    const settling = Promise.allSettled([1, 2, 3].map((j) => pool.run(j)));
    await pool.close();
    const settled = await settling;
    assert.ok(settled.every((s) => s.status === 'rejected'));
  });
});
