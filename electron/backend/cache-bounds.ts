// The cache's scratch folders (heatmaps, uploads) had an age limit applied only at start-up, so a long-running
// web server let them pile up without bound (issue #18). Bounded now by age and by total size, enforced each time
// something is added: the oldest files go first.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface FolderBound {
  /** Total bytes the folder may hold. */
  maxBytes: number;
  /** Files older than this (by mtime) are removed. */
  maxAgeMs: number;
}

export interface BoundOptions {
  now?: number;
  /** Room to leave for a file about to be written. */
  reserveBytes?: number;
}

/**
 * Removes files of `folder` past the age limit, then the oldest until the rest plus `reserveBytes` fit. Files
 * named `*.part` are writes in progress: they count toward the total but are removed only by age.
 */
export async function boundFolder(
  folder: string,
  bound: FolderBound,
  options: BoundOptions = {},
): Promise<{ removed: string[] }> {
  const now = options.now ?? Date.now();
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const files: Array<{ full: string; size: number; mtimeMs: number; inProgress: boolean }> = [];
  const removed: string[] = [];
  for (const name of names) {
    const full = path.join(folder, name);
    const stat = await fs.lstat(full).catch(() => null);
    if (!stat?.isFile()) continue;
    if (now - stat.mtimeMs > bound.maxAgeMs) {
      await fs.rm(full, { force: true });
      removed.push(full);
    } else files.push({ full, size: stat.size, mtimeMs: stat.mtimeMs, inProgress: name.endsWith('.part') });
  }
  let total = files.reduce((sum, f) => sum + f.size, 0) + (options.reserveBytes ?? 0);
  for (const file of files.filter((f) => !f.inProgress).sort((a, b) => a.mtimeMs - b.mtimeMs)) {
    if (total <= bound.maxBytes) break;
    await fs.rm(file.full, { force: true });
    removed.push(file.full);
    total -= file.size;
  }
  return { removed };
}

/** Heatmaps are per-compare scratch files: a day, and 512 MB (an 8K heatmap PNG is a few MB to tens of MB). */
export const HEATMAP_CACHE_BOUND: FolderBound = { maxBytes: 512 * 1024 * 1024, maxAgeMs: 24 * 60 * 60 * 1000 };
