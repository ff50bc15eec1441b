// The main-thread side of model-hash-worker.ts: one worker per file, progress forwarded to the caller.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HashProgress, ModelFileHashes } from './model-hashes';

export type ModelHashWorkerMessage =
  | { type: 'progress'; bytesDone: number; bytesTotal: number }
  | { type: 'done'; hashes: ModelFileHashes }
  | { type: 'error'; message: string };

/** Hash one model file in a worker thread. Rejects with the worker's own message (missing file, unreadable, shrank). */
export function hashModelFileInWorker(file: string, onProgress?: HashProgress): Promise<ModelFileHashes> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'model-hash-worker.js'), { workerData: { file } });
    let settled = false;
    worker.on('message', (message: ModelHashWorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.bytesDone, message.bytesTotal);
      else {
        settled = true;
        if (message.type === 'done') resolve(message.hashes);
        else reject(new Error(message.message));
        void worker.terminate();
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`model hash worker for ${file} exited with code ${code}`));
    });
  });
}
