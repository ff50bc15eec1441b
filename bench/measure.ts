// What every bench suite computes from its timings, and how the decode figures spread files over worker threads.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/** The q-quantile of a list (the element at floor(q x n) of the sorted list). */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The median; of an even count, the mean of the middle two. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function p50p95(values: number[]): string {
  return `p50 ${quantile(values, 0.5).toFixed(1)} ms, p95 ${quantile(values, 0.95).toFixed(1)} ms`;
}

export const cores = availableParallelism();

/**
 * Files per second of `source` (a worker script run with `eval`) over `files`, one worker per core, each given
 * `workerData` plus its share of the files (every cores-th file) and posting one message when done.
 */
export async function filesPerSecond(source: string, files: string[], workerData: object): Promise<number> {
  const started = performance.now();
  const shares = Array.from({ length: cores }, (_, k) => files.filter((_f, i) => i % cores === k));
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(source, { eval: true, workerData: { ...workerData, files: share } });
          worker.once('message', () => void worker.terminate().then(() => resolve()));
          worker.once('error', reject);
        }),
    ),
  );
  return files.length / ((performance.now() - started) / 1000);
}
