// Decode-heavy tasks (compare two images, probe one for its hashes), each in its own worker thread: a compare is
// interactive (a few a minute), so the ~40 ms start-up is cheap next to the decode, and a fresh worker returns
// all of a large pair's memory the moment it ends.
// Admission is bounded, because the web mode takes requests from anyone who can reach it: one 8192² pair took
// a worker to ~2 GB and four in parallel took the server to ~6 GB (issue #18). A task costs the pixels it will
// decode (read from the headers first); tasks run while their pixels fit one budget (and at most two at once:
// the machine's cores), a few more wait in line, and past that the answer is a clear "busy".
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CompareResult } from '../../shared/compare';
import { readImageSize } from '../pixels/decode';

export type ImageTask =
  | { task: 'compare'; a: string; b: string; heatmapPath: string }
  | { task: 'probe'; path: string }
  /** Makes a lost thumbnail again: decode, check the pixels are the ones indexed, write `target` atomically. */
  | { task: 'thumbnail'; path: string; target: string; pixelSha256: string };

export type ImageTaskAnswer =
  | { task: 'compare'; result: CompareResult }
  | { task: 'probe'; perceptualHash: string; pixelSha256: string }
  | { task: 'thumbnail'; target: string };

export class ImageTaskError extends Error {}

/** The queue is full: the caller should say so and let the person retry, not wait without end. */
export class ImageTaskBusyError extends ImageTaskError {}

export interface ImageTaskLimits {
  /** Tasks decoding at once. */
  maxRunning: number;
  /** Tasks waiting for a slot; one more is refused as busy. */
  maxWaiting: number;
  /** Decoded pixels of all running tasks together; a task larger than this alone still runs, by itself. */
  pixelBudget: number;
}

/**
 * Measured here (VmHWM of `seedscope serve`, one 4096² PNG pair): a compare adds about 330 MB, 10 bytes per pixel
 * of the pair (two decodes, the delta, SSIM planes, the heatmap). 140 Mpx in flight, about 1.4 GB, lets one 8K pair
 * (2 × 67 Mpx) run alone and two 4K pairs side by side; two more wait (one person's compare and similar-search).
 */
export const DEFAULT_IMAGE_TASK_LIMITS: ImageTaskLimits = { maxRunning: 2, maxWaiting: 2, pixelBudget: 140_000_000 };

/** V8 heap per worker, from the pixels it will hold: buffers live outside the heap, but the SSIM and region passes do not. */
export function workerHeapMb(pixels: number): number {
  return Math.min(2048, 256 + Math.ceil((pixels * 4) / 2 ** 20));
}

async function taskPixels(task: ImageTask): Promise<number> {
  const files = task.task === 'compare' ? [task.a, task.b] : [task.path];
  const sizes = await Promise.all(files.map(readImageSize));
  // An unreadable header costs nothing here: the worker's decode fails on it at once, with the file's name.
  return sizes.reduce((sum, size) => sum + (size ? size.width * size.height : 0), 0);
}

function runInWorker(task: ImageTask, pixels: number): Promise<ImageTaskAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'image-task-worker.js'), {
      workerData: task,
      resourceLimits: { maxOldGenerationSizeMb: workerHeapMb(pixels) },
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

interface Waiting {
  pixels: number;
  start: () => void;
}

export class ImageTaskQueue {
  private running = 0;
  private pixelsInFlight = 0;
  private readonly waiting: Waiting[] = [];

  constructor(private readonly limits: ImageTaskLimits = DEFAULT_IMAGE_TASK_LIMITS) {}

  /** Tasks running and waiting now (for tests and diagnostics). */
  load(): { running: number; waiting: number; pixelsInFlight: number } {
    return { running: this.running, waiting: this.waiting.length, pixelsInFlight: this.pixelsInFlight };
  }

  async run(task: ImageTask): Promise<ImageTaskAnswer> {
    const pixels = await taskPixels(task);
    await this.admit(pixels);
    try {
      return await runInWorker(task, pixels);
    } finally {
      this.running--;
      this.pixelsInFlight -= pixels;
      this.startWaiting();
    }
  }

  private fits(pixels: number): boolean {
    if (this.running >= this.limits.maxRunning) return false;
    return this.running === 0 || this.pixelsInFlight + pixels <= this.limits.pixelBudget;
  }

  private admit(pixels: number): Promise<void> {
    if (this.waiting.length === 0 && this.fits(pixels)) {
      this.take(pixels);
      return Promise.resolve();
    }
    if (this.waiting.length >= this.limits.maxWaiting) {
      const { running, waiting } = this.load();
      return Promise.reject(
        new ImageTaskBusyError(
          `Seedscope is busy: ${running} image task(s) running and ${waiting} waiting, the most it takes at once. Try again when they finish`,
        ),
      );
    }
    return new Promise<void>((resolve) => this.waiting.push({ pixels, start: resolve }));
  }

  private take(pixels: number): void {
    this.running++;
    this.pixelsInFlight += pixels;
  }

  /** First come, first served: a small task does not overtake a large one waiting for the budget. */
  private startWaiting(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0].pixels)) {
      const next = this.waiting.shift() as Waiting;
      this.take(next.pixels);
      next.start();
    }
  }
}

/** The process's one queue: the web server and the desktop backend each run one backend per process. */
const sharedQueue = new ImageTaskQueue();

export function runImageTask(task: ImageTask): Promise<ImageTaskAnswer> {
  return sharedQueue.run(task);
}
