// Indexing a set of folders, in the order that makes a new folder useful soonest:
// 1. scan: walk + compare with the database (unchanged files are never opened; the watcher's runs look only at
//    the paths its events named);
// 2. metadata: read each new/changed file's metadata (first bytes only, ≈ 4,400 files/s) and commit in batches,
//    so the folder is searchable within seconds;
// 3. pixels: decode each pending image once in the worker pool (hashes, perceptual hash, thumbnail), starting
//    with the first committed metadata batch;
// 4. reconcile: moved files keep their identity (matched by their bytes in step 2 when possible, so a moved file
//    is not decoded again; by pixel hash here otherwise), deleted ones go.
// Every batch is its own transaction: a kill -9 loses at most the batch in flight, and the next run resumes
// (unchanged rows are skipped, rows still 'pending' get their pixel pass).
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { FileProblem, IndexSummary, JobKind, JobProgress } from '../../shared/library';
import { inspectImageBytes, inspectImageMetadata } from '../images/inspect-image';
import { readImageBytes } from '../images/read-image-file';
import { type Allocate, ReusedBuffers } from '../images/reused-buffers';
import type { ImageReport } from '../../shared/image-report';
import { type FileToRead, type FolderScan, pendingPixelJobs, scanFolder } from './folder-scan';
import type { PixelRecord } from './image-writer';
import { ProgressReporter } from './job-progress';
import { LazyDigests } from './lazy-digests';
import type { Library } from './library';
import { MovedFileMatcher } from './moved-files';
import {
  describeFailure,
  PIXEL_WORKER_ROLE,
  type PixelJob,
  type PixelOutcome,
  type RgbDigestOutcome,
} from './pixel-worker';
import { WorkerPool } from './worker-pool';

export interface IndexOptions {
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  kind?: JobKind;
  /** Pixel workers (default: every core). */
  workers?: number;
  /** Stop after the metadata pass (pixels stay pending for the next run). */
  metadataOnly?: boolean;
  /** Per root (resolved path): only these paths under it changed, so only they are looked at (the live watcher). */
  changed?: Record<string, string[]>;
}

const METADATA_BATCH = 250;
/** A batch is also committed after this long, so a new folder shows up (and its pixel jobs start) at once. */
const METADATA_FLUSH_MS = 100;
const METADATA_IN_FLIGHT = 8;
const PIXEL_BATCH = 32;
const PIXEL_FLUSH_MS = 250;

export function pixelWorkerScript(): string {
  return path.join(__dirname, 'pixel-worker.js');
}

/** `metadataUpToPixels`: this run's metadata pass read the file only up to its pixels (a PNG's first IDAT). */
type PendingRow = ReturnType<typeof pendingPixelJobs>[number] & { metadataUpToPixels?: boolean };
type PixelFailure = { id: number; error: string; report: ImageReport | null };
type PixelPool = WorkerPool<PixelJob, PixelOutcome | RgbDigestOutcome>;

/**
 * The worker pool's side of an index run. Jobs are queued as soon as their rows are committed, during the metadata
 * pass too, so thumbnails of a big new folder start appearing while its metadata is still being read (on 200
 * images the overlap measured within noise: that pass already keeps a core busy). Results are written in batched
 * transactions.
 */
class PixelPass {
  private readonly queued = new Set<number>();
  private readonly running: Array<Promise<void>> = [];
  private results: Array<PixelRecord | PixelFailure> = [];
  private timer: NodeJS.Timeout | null = null;
  private reporting = false;
  private closed = false;
  private done = 0;
  private readonly storedIds: number[] = [];
  private readonly onAbort = (): void => void this.pool.close();

  constructor(
    private readonly library: Library,
    private readonly pool: PixelPool,
    private readonly progress: ProgressReporter,
    private readonly options: IndexOptions,
    private readonly failed: FileProblem[],
  ) {
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  add(jobs: PendingRow[]): void {
    for (const job of jobs) {
      if (this.queued.has(job.id)) continue;
      this.queued.add(job.id);
      this.running.push(
        this.pool
          .run({
            id: job.id,
            path: job.path,
            size: job.size,
            mtimeMs: job.mtime_ms,
            cacheFolder: this.library.cacheFolder,
          })
          .then(
            (outcome) => this.push({ ...(outcome as PixelOutcome), size: job.size, mtimeMs: job.mtime_ms }),
            async (err: unknown) => {
              if (this.options.signal?.aborted || this.closed) return;
              const reason = err instanceof Error ? err.message : String(err);
              this.failed.push({ path: job.path, reason });
              this.push({ id: job.id, error: reason, report: await this.wholeMetadata(job) });
            },
          )
          .finally(() => {
            this.done++;
            if (this.reporting) this.progress.update(this.done, job.path);
          }),
      );
    }
  }

  /** The 'pixels' phase: every pending row of these folders (those queued already count as they finish). */
  async finish(folderIds: number[]): Promise<number> {
    const rest = pendingPixelJobs(this.library.db, folderIds).filter((job) => !this.queued.has(job.id));
    this.progress.start('pixels', this.queued.size + rest.length);
    this.reporting = true;
    this.progress.update(this.done, null);
    this.add(rest);
    try {
      await Promise.all(this.running);
      this.flush();
      if (!this.options.signal?.aborted) await this.fillRgbDigests();
    } finally {
      await this.close();
    }
    return this.storedIds.length;
  }

  /**
   * The RGB-only digest, for the members of the groups this run's pixels made disagree (lazy-digests.ts): one decode
   * each, in the same pool. A file that cannot be decoded now keeps none, and its group says "N different pixel
   * results" rather than "alpha differs only".
   */
  private async fillRgbDigests(): Promise<void> {
    const digests = new LazyDigests(this.library.db);
    const rows = digests.rgbFillFor(this.storedIds);
    await Promise.all(
      rows.map((row) => {
        const stamp = { id: row.id, size: row.size, mtimeMs: row.mtime_ms };
        return this.pool.run({ ...stamp, kind: 'rgb', path: row.path, cacheFolder: this.library.cacheFolder }).then(
          (outcome) => void digests.writeRgbDigest(stamp, outcome as RgbDigestOutcome),
          () => undefined,
        );
      }),
    );
  }

  /** The pixel pass's report would have replaced a metadata pass that stopped at the pixels; without one, the
   *  whole file's metadata is read here (chunks after the pixels, a truncation), or the row would keep the part. */
  private async wholeMetadata(job: PendingRow): Promise<ImageReport | null> {
    if (!job.metadataUpToPixels) return null;
    try {
      return await inspectImageMetadata(job.path);
    } catch {
      return null;
    }
  }

  /** Commits what has come back; jobs still running are dropped (they stay pending for the next run). */
  async close(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.flush();
    this.closed = true;
    await this.pool.close();
  }

  private push(entry: PixelRecord | PixelFailure): void {
    if (this.closed) return;
    this.results.push(entry);
    if (this.results.length >= PIXEL_BATCH) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), PIXEL_FLUSH_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.results.length === 0) return;
    const batch = this.results;
    this.results = [];
    this.library.db
      .transaction(() => {
        for (const r of batch) {
          if ('error' in r) this.library.writer.writePixelFailure(r.id, r.error, r.report);
          else if (this.library.writer.writePixels(r)) this.storedIds.push(r.id);
        }
      })
      .immediate();
  }
}

async function readMetadata(
  library: Library,
  scan: FolderScan,
  progress: ProgressReporter,
  base: number,
  options: IndexOptions,
  failed: FileProblem[],
  pixels: PixelPass | null,
  moves: MovedFileMatcher,
): Promise<number> {
  let written = 0;
  let next = 0;
  let lastFlush = Date.now();
  let pending: Array<{ file: FileToRead } & FileRead> = [];
  const flush = (): void => {
    lastFlush = Date.now();
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const now = Date.now();
    const jobs: PendingRow[] = [];
    library.db
      .transaction(() => {
        for (const { file, report, moved, upToPixels } of batch) {
          const job = { path: file.path, size: file.size, mtime_ms: file.mtimeMs };
          // A moved file keeps its row and pixels, as a re-read one does (a stealth image is decoded again).
          if (moved) {
            if (moves.apply(moved, scan.folderId, file, report)) jobs.push({ ...job, id: moved.id });
          }
          // An unchanged file an older reader indexed: its pixels stay, unless only a decode can re-read its report.
          else if (file.rereadId === undefined)
            jobs.push({
              ...job,
              id: library.writer.writeMetadata(scan.folderId, file, report, now),
              metadataUpToPixels: upToPixels,
            });
          else if (library.writer.rereadMetadata(file.rereadId, report)) jobs.push({ ...job, id: file.rereadId });
        }
      })
      .immediate();
    written += batch.length;
    pixels?.add(jobs);
  };
  const buffers = new ReusedBuffers();
  const worker = async (): Promise<void> => {
    while (next < scan.toRead.length && !options.signal?.aborted) {
      const file = scan.toRead[next++];
      try {
        // A new or changed file is decoded next, and that pass reads its whole report: this one stops at the pixels.
        const upToPixels = pixels !== null && file.rereadId === undefined;
        const read = await buffers.use((allocate) => readFile(file, allocate, moves, upToPixels));
        pending.push({ file, ...read });
        if (pending.length >= METADATA_BATCH || Date.now() - lastFlush >= METADATA_FLUSH_MS) flush();
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

interface FileRead {
  report: ImageReport;
  /** The missing row this file's bytes are (moved-files.ts). */
  moved: { id: number; xxh3: string } | null;
  /** The report is of the file up to its pixels (inspectImageMetadata's `upToPixels`). */
  upToPixels: boolean;
}

/** The metadata of one file; a file at a new path whose size a missing row has is read whole to match its bytes. */
async function readFile(
  file: FileToRead,
  allocate: Allocate,
  moves: MovedFileMatcher,
  upToPixels: boolean,
): Promise<FileRead> {
  if (!file.unknownPath || !moves.isCandidate(file.size))
    return { report: await inspectImageMetadata(file.path, allocate, { upToPixels }), moved: null, upToPixels };
  const bytes = await readImageBytes(file.path, allocate);
  const moved = await moves.match(bytes);
  return { report: (await inspectImageBytes(file.path, bytes, { decode: false })).report, moved, upToPixels: false };
}

function startPixelPool(size: number): PixelPool {
  return new WorkerPool<PixelJob, PixelOutcome | RgbDigestOutcome>({
    script: pixelWorkerScript(),
    workerData: { role: PIXEL_WORKER_ROLE },
    size,
    // Three images in flight per worker keep both cores busy while a worker's thread reads and hashes: 4-6% faster
    // than two on a 200-image cold index (bench/library.ts), four no better.
    inFlightPerWorker: 3,
    // The JS heap of a worker only holds the report; pixels live in native buffers. A runaway parse is stopped here.
    resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 },
  });
}

function present(scans: FolderScan[]): FolderScan[] {
  return scans.filter((s) => s.reachable);
}

/** Index (or rescan) folder roots. Never throws for a bad file or folder: those land in `failed`. */
export async function indexFolders(
  library: Library,
  roots: string[],
  options: IndexOptions = {},
): Promise<IndexSummary> {
  const started = Date.now();
  const jobId = randomUUID();
  const progress = new ProgressReporter(jobId, options.kind ?? 'index', options.onProgress);
  const summary: IndexSummary = {
    jobId,
    folders: roots.length,
    seen: 0,
    indexed: 0,
    unchanged: 0,
    pixelsDone: 0,
    moved: 0,
    removed: 0,
    offline: 0,
    failed: [],
    cancelled: false,
    elapsedMs: 0,
  };
  const scans: FolderScan[] = [];
  progress.start('scan', 0);
  for (const root of roots) {
    if (options.signal?.aborted) break;
    const scan = await scanFolder(library, path.resolve(root), {
      signal: options.signal,
      scanStartedAt: started,
      changed: options.changed?.[path.resolve(root)],
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
  // The pixel workers boot during the metadata pass (loading sharp and the readers costs each ≈ 0.2 s of CPU) and
  // take each batch as soon as it is committed. Only when every worker will have work: each new file is a job.
  const workers = options.workers ?? availableParallelism();
  // Re-read rows (an older reader's) keep their pixels: they are not pixel jobs.
  const newFiles = scans.reduce((n, s) => n + s.toRead.filter((f) => f.rereadId === undefined).length, 0);
  let pixels =
    !options.metadataOnly && newFiles >= workers
      ? new PixelPass(library, startPixelPool(workers), progress, options, summary.failed)
      : null;
  let base = 0;
  const moves = new MovedFileMatcher(library.db, library.writer);
  try {
    for (const scan of scans) {
      if (options.signal?.aborted) break;
      summary.indexed += await readMetadata(library, scan, progress, base, options, summary.failed, pixels, moves);
      base += scan.toRead.length;
    }
    if (!options.metadataOnly && !options.signal?.aborted) {
      const folderIds = present(scans).map((s) => s.folderId);
      if (!pixels) {
        const jobs = pendingPixelJobs(library.db, folderIds).length;
        if (jobs === 0) progress.start('pixels', 0);
        else
          pixels = new PixelPass(library, startPixelPool(Math.min(workers, jobs)), progress, options, summary.failed);
      }
      if (pixels) summary.pixelsDone = await pixels.finish(folderIds);
      pixels = null;
    }
  } finally {
    await pixels?.close();
  }
  summary.moved = moves.moved;
  if (!options.metadataOnly && !options.signal?.aborted) {
    const reachable = present(scans);
    progress.start('reconcile', reachable.length);
    summary.moved += library.writer.reconcileMoves();
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
