// Compare two image files end to end: read and decode each once (inspectImageFile keeps the decoded buffer),
// measure, diff the tuples, rank the culprits, and write the heatmap atomically if asked. Safe to run in a
// worker_threads Worker (see compare-decoded.ts); electron/backend/image-task-worker.ts runs it that way.
import { resolve } from 'node:path';
import type { CompareResult } from '../../shared/compare';
import { inspectImageBytes } from '../images/inspect-image';
import { readImageBytes } from '../images/read-image-file';
import { sniffFormat } from '../metadata/sniff-format';
import { writeFileAtomic } from '../records/atomic-write';
import { compareDecoded, type CompareSide } from './compare-decoded';
import { readEncodingInfo } from './encoding-info';
import type { ResizeKernel, ResizeTarget } from './resize-to-match';

export interface CompareFilesOptions {
  /** Write the difference heatmap PNG here (temp file + rename; an existing file at this path is replaced). */
  heatmapPath?: string;
  resize?: ResizeTarget;
  resizeKernel?: ResizeKernel;
}

/** A side that cannot be compared; the message names the file and the problem. */
export class CompareError extends Error {
  constructor(
    readonly code: 'unreadable-file' | 'not-an-image' | 'bad-argument',
    message: string,
  ) {
    super(message);
    this.name = 'CompareError';
  }
}

async function load(file: string): Promise<CompareSide> {
  let inspected;
  let encoding;
  try {
    // Read once: the same bytes give the metadata, the decode and the encoding facts (codec, JPEG quality).
    const bytes = await readImageBytes(file);
    encoding = readEncodingInfo(bytes, sniffFormat(bytes));
    inspected = await inspectImageBytes(file, bytes, { keepDecoded: true });
  } catch (err) {
    const code = (err as { code?: string }).code === 'not-an-image' ? 'not-an-image' : 'unreadable-file';
    throw new CompareError(code, err instanceof Error ? err.message : `${file}: ${String(err)}`);
  }
  if (!inspected.decoded) {
    const why =
      inspected.report.warnings.find((w) => w.startsWith('pixels could not be decoded')) ??
      'pixels could not be decoded';
    throw new CompareError('not-an-image', `${file}: ${why}`);
  }
  return { report: inspected.report, decoded: inspected.decoded, encoding };
}

export async function compareImageFiles(a: string, b: string, opts: CompareFilesOptions = {}): Promise<CompareResult> {
  const heatmapPath = opts.heatmapPath ? resolve(opts.heatmapPath) : null;
  // Seedscope never modifies a user's image: the heatmap may not land on either input.
  if (heatmapPath && (heatmapPath === resolve(a) || heatmapPath === resolve(b))) {
    throw new CompareError(
      'bad-argument',
      `${opts.heatmapPath}: the heatmap path is one of the compared images; choose another file name`,
    );
  }
  const [sideA, sideB] = await Promise.all([load(a), load(b)]);
  const { result, heatmapPng } = await compareDecoded(sideA, sideB, {
    resize: opts.resize,
    resizeKernel: opts.resizeKernel,
    heatmap: heatmapPath !== null,
  });
  if (heatmapPath && heatmapPng) {
    try {
      await writeFileAtomic(heatmapPath, heatmapPng, { overwrite: true });
    } catch (err) {
      throw new CompareError(
        'unreadable-file',
        `${opts.heatmapPath}: cannot write the heatmap (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    result.heatmap.path = heatmapPath;
  }
  return result;
}
