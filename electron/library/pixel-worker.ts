// The pixel pass for one file, inside a worker thread: decode ONCE, then the pixel hashes, the perceptual hash
// and the thumbnail all come from that one decoded buffer (a second decode cost 38%, performance-notes.md).
// The full report is read here too, because some metadata lives in the pixels (A1111/Forge/NovelAI stealth).
// Digests: the file's XXH3-128 (its identity for moves) and the SHA-256 of the RGBA, taken in one walk with the
// perceptual hash and the thumbnail's shrink (index-pixels.ts); the RGB-only digest is a second kind of job, run
// only for images whose reproducibility group disagrees (rgb-digest-fill.ts).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import type { ImageReport } from '../../shared/image-report';
import { type InspectResult, inspectImageBytes } from '../images/inspect-image';
import { readImageBytesSync } from '../images/read-image-file';
import { ReusedBuffers } from '../images/reused-buffers';
import { decodeImage } from '../pixels/decode';
import { indexPixels } from '../pixels/index-pixels';
import { summarizePixels } from '../pixels/pixel-hash';
import { thumbnailPathFor } from './library-paths';

export interface PixelJob {
  /** 'pixels' (default): the whole pixel pass. 'rgb': one decode for the RGBA and RGB SHA-256 alone. */
  kind?: 'pixels' | 'rgb';
  id: number;
  path: string;
  size: number;
  mtimeMs: number;
  cacheFolder: string;
}

export interface PixelOutcome {
  id: number;
  fileXxh3: string;
  pixelSha256: string;
  /** Null from the pixel pass (see above); set by an 'rgb' job. */
  rgbSha256: string | null;
  perceptualHash: string;
  width: number;
  height: number;
  thumbnailPath: string;
  report: ImageReport;
}

/** Cache folders this worker has made (a recursive mkdir per thumbnail cost ≈ 0.1 ms). */
const madeFolders = new Set<string>();

/**
 * Called for a thumbnail not on disk; a race with another worker writing the same one ends in the same bytes.
 * Synchronous, as the file read is: this is a worker thread, and the thread-pool hops of fs.promises' mkdir, open,
 * write, close and rename cost ≈ 0.2 ms of CPU a thumbnail where the calls themselves cost 0.04.
 */
function writeThumbnail(target: string, bytes: Buffer): void {
  const folder = path.dirname(target);
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  if (!madeFolders.has(folder)) makeFolder(folder);
  try {
    fs.writeFileSync(temp, bytes);
  } catch (err) {
    // The cache was cleared while indexing: make the folder again, once.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    makeFolder(folder);
    fs.writeFileSync(temp, bytes);
  }
  fs.renameSync(temp, target);
}

function makeFolder(folder: string): void {
  fs.mkdirSync(folder, { recursive: true });
  madeFolders.add(folder);
}

const readBuffers = new ReusedBuffers();

export interface RgbDigestOutcome {
  id: number;
  pixelSha256: string;
  rgbSha256: string;
}

export async function runPixelJob(job: PixelJob): Promise<PixelOutcome> {
  // The file is read once, synchronously (this is a worker thread), into a reused buffer: inspectImageBytes hashes
  // the very bytes it decoded (a second read + hash of a 2.8 MB PNG cost ≈ 10 ms CPU per image).
  return readBuffers.use(async (allocate) =>
    hashAndThumbnail(
      job,
      await inspectImageBytes(job.path, readImageBytesSync(job.path, allocate), {
        keepDecoded: true,
        hashes: 'index',
      }),
    ),
  );
}

/** The RGB digest of an image already indexed; its RGBA digest comes along so the writer can check the pixels
 *  are still the ones the row describes. */
export async function runRgbDigestJob(job: PixelJob): Promise<RgbDigestOutcome> {
  return readBuffers.use(async (allocate) => {
    const summary = summarizePixels(await decodeImage(readImageBytesSync(job.path, allocate)));
    return { id: job.id, pixelSha256: summary.sha256, rgbSha256: summary.rgbSha256 };
  });
}

async function hashAndThumbnail(job: PixelJob, { report, decoded, fileXxh3 }: InspectResult): Promise<PixelOutcome> {
  if (!decoded) {
    const reason =
      report.warnings.find((w: string) => w.startsWith('pixels could not be decoded')) ?? 'pixels could not be decoded';
    throw new Error(reason);
  }
  if (fileXxh3 === null) throw new Error('the file bytes were not hashed (inspected without a decode)');
  const { pixelSha256, perceptualHash, thumbnail } = indexPixels(decoded);
  const thumbnailPath = thumbnailPathFor(job.cacheFolder, pixelSha256);
  if (!fs.existsSync(thumbnailPath)) writeThumbnail(thumbnailPath, await thumbnail());
  return {
    id: job.id,
    fileXxh3,
    pixelSha256,
    rgbSha256: null,
    perceptualHash,
    width: decoded.width,
    height: decoded.height,
    thumbnailPath,
    report,
  };
}

/** ImageFileError messages start with the file name; the summary names the file already. */
export function describeFailure(err: unknown, file: string): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.startsWith(`${file}: `) ? text.slice(file.length + 2) : text;
}

/** The pool marks its workers, so importing this module from some other worker thread does not hijack its port. */
export const PIXEL_WORKER_ROLE = 'seedscope-pixel-worker';

if (parentPort && (workerData as { role?: unknown } | null)?.role === PIXEL_WORKER_ROLE) {
  // Parallelism comes from the worker threads; libvips threads and cache only add memory here.
  sharp.concurrency(1);
  sharp.cache(false);
  const port = parentPort;
  port.on('message', (message: { seq: number; job: PixelJob }) => {
    (message.job.kind === 'rgb' ? runRgbDigestJob(message.job) : runPixelJob(message.job)).then(
      (result) => port.postMessage({ seq: message.seq, ok: true, result }),
      (err: unknown) =>
        port.postMessage({ seq: message.seq, ok: false, error: describeFailure(err, message.job.path) }),
    );
  });
}
