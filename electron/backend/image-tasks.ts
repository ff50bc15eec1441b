// One worker thread per task: a compare is interactive (a few a minute), so the ~40 ms start-up is cheap next to
// the decode, and a fresh worker returns all of a large pair's memory the moment it ends.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CompareResult } from '../../shared/compare';

export type ImageTask = { task: 'compare'; a: string; b: string; heatmapPath: string } | { task: 'probe'; path: string };

export type ImageTaskAnswer = { task: 'compare'; result: CompareResult } | { task: 'probe'; perceptualHash: string; pixelSha256: string };

/** Two 100-Mpx RGBA buffers plus the diff fit in 2 GB; past that the worker dies instead of the app. */
const WORKER_HEAP_MB = 2048;

export class ImageTaskError extends Error {}

export function runImageTask(task: ImageTask): Promise<ImageTaskAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'image-task-worker.js'), {
      workerData: task,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let settled = false;
    worker.once('message', (message: { ok: true; answer: ImageTaskAnswer } | { ok: false; message: string }) => {
      settled = true;
      if (message.ok) resolve(message.answer);
      else reject(new ImageTaskError(message.message));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      if (settled) return;
      settled = true;
      reject(new ImageTaskError(`the image worker failed (${err.message})`));
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new ImageTaskError(`the image worker stopped (exit code ${code}); the file may be too large or corrupt`));
    });
  });
}
