// Indexing a set of folders, in the order that makes a new folder useful soonest:
// 1. scan: walk + compare with the database (unchanged files are never opened);
// 2. metadata: read each new/changed file's metadata (first bytes only, ≈ 4,400 files/s) and commit in batches,
//    so the folder is searchable within seconds;
// 3. pixels: decode each pending image once in the worker pool (hashes, perceptual hash, thumbnail);
// 4. reconcile: moved files keep their identity, deleted ones go.
// Every batch is its own transaction: a kill -9 loses at most the batch in flight, and the next run resumes
// (unchanged rows are skipped, rows still 'pending' get their pixel pass).
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { FileProblem, IndexSummary, JobKind, JobProgress } from '../../shared/library';
import { inspectImageMetadata } from '../images/inspect-image';
import { type FolderScan, pendingPixelJobs, scanFolder } from './folder-scan';
import type { WalkedFile } from './folder-walk';
import type { PixelRecord } from './image-writer';
import { ProgressReporter } from './job-progress';
import type { Library } from './library';
import { describeFailure, PIXEL_WORKER_ROLE, type PixelJob, type PixelOutcome } from './pixel-worker';
import { WorkerPool } from './worker-pool';

export interface IndexOptions {
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  kind?: JobKind;
  /** Pixel workers (default: every core). */
  workers?: number;
  /** Stop after the metadata pass (pixels stay pending for the next run). */
  metadataOnly?: boolean;
}

const METADATA_BATCH = 250;
const METADATA_IN_FLIGHT = 8;
const PIXEL_BATCH = 32;
const PIXEL_FLUSH_MS = 250;

export function pixelWorkerScript(): string {
  return path.join(__dirname, 'pixel-worker.js');
}

async function readMetadata(library: Library, scan: FolderScan, progress: ProgressReporter, base: number, options: IndexOptions, failed: FileProblem[]): Promise<number> {
  let written = 0;
  let next = 0;
  let pending: Array<{ file: WalkedFile; report: Awaited<ReturnType<typeof inspectImageMetadata>> }> = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const now = Date.now();
    library.db.transaction(() => {
      for (const { file, report } of batch) library.writer.writeMetadata(scan.folderId, file, report, now);
    }).immediate();
    written += batch.length;
  };
  const worker = async (): Promise<void> => {
    while (next < scan.toRead.length && !options.signal?.aborted) {
      const file = scan.toRead[next++];
      try {
        const report = await inspectImageMetadata(file.path);
        pending.push({ file, report });
        if (pending.length >= METADATA_BATCH) flush();
      } catch (err) {
        failed.push({ path: file.path, reason: describeFailure(err, file.path) });
      }
      progress.update(base + next, file.path);
    }
  };
  await Promise.all(Array.from({ length: METADATA_IN_FLIGHT }, worker));
  flush();
  return written;
}

function startPixelPool(size: number): WorkerPool<PixelJob, PixelOutcome> {
  return new WorkerPool<PixelJob, PixelOutcome>({
    script: pixelWorkerScript(),
    workerData: { role: PIXEL_WORKER_ROLE },
    size,
    // The JS heap of a worker only holds the report; pixels live in native buffers. A runaway parse is stopped here.
    resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 },
  });
}

/** `warmPool`: workers started during the metadata pass (see indexFolders); used when big enough, closed here. */
async function hashPixels(library: Library, folderIds: number[], progress: ProgressReporter, options: IndexOptions, failed: FileProblem[], warmPool: WorkerPool<PixelJob, PixelOutcome> | null): Promise<number> {
  const jobs = pendingPixelJobs(library.db, folderIds);
  progress.start('pixels', jobs.length);
  const size = Math.min(options.workers ?? availableParallelism(), jobs.length);
  if (warmPool && (jobs.length === 0 || warmPool.size !== size)) {
    await warmPool.close();
    warmPool = null;
  }
  if (jobs.length === 0) return 0;
  const pool = warmPool ?? startPixelPool(size);
  let done = 0;
  let stored = 0;
  let results: Array<PixelRecord | { id: number; error: string }> = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (results.length === 0) return;
    const batch = results;
    results = [];
    library.db.transaction(() => {
      for (const r of batch) {
        if ('error' in r) library.writer.writePixelFailure(r.id, r.error);
        else if (library.writer.writePixels(r)) stored++;
      }
    }).immediate();
  };
  const push = (entry: PixelRecord | { id: number; error: string }): void => {
    results.push(entry);
    if (results.length >= PIXEL_BATCH) flush();
    else if (!timer) timer = setTimeout(flush, PIXEL_FLUSH_MS);
  };
  const onAbort = (): void => void pool.close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(
      jobs.map((job) =>
        pool.run({ id: job.id, path: job.path, size: job.size, mtimeMs: job.mtime_ms, cacheFolder: library.cacheFolder }).then(
          (outcome) => push({ ...outcome, size: job.size, mtimeMs: job.mtime_ms }),
          (err: unknown) => {
            if (options.signal?.aborted) return;
            const reason = err instanceof Error ? err.message : String(err);
            failed.push({ path: job.path, reason });
            push({ id: job.id, error: reason });
          },
        ).finally(() => progress.update(++done, job.path)),
      ),
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    flush();
    await pool.close();
  }
  return stored;
}

function present(scans: FolderScan[]): FolderScan[] {
  return scans.filter((s) => s.reachable);
}

/** Index (or rescan) folder roots. Never throws for a bad file or folder: those land in `failed`. */
export async function indexFolders(library: Library, roots: string[], options: IndexOptions = {}): Promise<IndexSummary> {
  const started = Date.now();
  const jobId = randomUUID();
  const progress = new ProgressReporter(jobId, options.kind ?? 'index', options.onProgress);
  const summary: IndexSummary = {
    jobId, folders: roots.length, seen: 0, indexed: 0, unchanged: 0, pixelsDone: 0, moved: 0, removed: 0, offline: 0, failed: [], cancelled: false, elapsedMs: 0,
  };
  const scans: FolderScan[] = [];
  progress.start('scan', 0);
  for (const root of roots) {
    if (options.signal?.aborted) break;
    const scan = await scanFolder(library, path.resolve(root), {
      signal: options.signal,
      scanStartedAt: started,
      onProgress: (files, folder) => progress.update(summary.seen + files, folder, summary.seen + files),
    });
    scans.push(scan);
    summary.seen += scan.seen;
    summary.unchanged += scan.unchanged;
    summary.offline += scan.offline;
    summary.failed.push(...scan.problems);
  }
  const toRead = scans.reduce((n, s) => n + s.toRead.length, 0);
  progress.start('metadata', toRead);
  // The metadata pass runs on this thread alone; the pixel workers boot meanwhile (loading sharp and the readers
  // cost each worker ≈ 0.2 s of CPU), so the pixel pass starts on warm workers. Only when every worker will have
  // work: each new file gets a pixel job.
  const workers = options.workers ?? availableParallelism();
  let warmPool = !options.metadataOnly && toRead >= workers ? startPixelPool(workers) : null;
  let base = 0;
  try {
    for (const scan of scans) {
      if (options.signal?.aborted) break;
      summary.indexed += await readMetadata(library, scan, progress, base, options, summary.failed);
      base += scan.toRead.length;
    }
  } catch (err) {
    await warmPool?.close();
    throw err;
  }
  if (warmPool && (options.signal?.aborted || present(scans).length === 0)) {
    await warmPool.close();
    warmPool = null;
  }
  if (!options.metadataOnly && !options.signal?.aborted) {
    summary.pixelsDone = await hashPixels(library, present(scans).map((s) => s.folderId), progress, options, summary.failed, warmPool);
    warmPool = null;
  }
  if (!options.metadataOnly && !options.signal?.aborted) {
    const reachable = present(scans);
    progress.start('reconcile', reachable.length);
    summary.moved = library.writer.reconcileMoves();
    const finishedAt = Date.now();
    for (const scan of reachable) {
      if (!scan.complete) continue;
      summary.removed += library.writer.removeMissing(scan.folderId);
      library.setFolderState(scan.folderId, true, finishedAt);
    }
  }
  summary.cancelled = Boolean(options.signal?.aborted);
  summary.elapsedMs = Date.now() - started;
  progress.start(summary.cancelled ? 'cancelled' : 'done', 0);
  return summary;
}
