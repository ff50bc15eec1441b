// Index model folders: find every model file, hash the new or changed ones in a worker, reuse the cache for the rest,
// and name every file whose bytes changed under the same path ("model rolled forward", the seed guide's #1 cause).
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import type { ModelCatalog, ModelSnapshot, ReplacedSnapshot } from './model-catalog';
import { hashModelFileInWorker } from './model-hash-in-worker';
import { isModelFileName, type HashProgress } from './model-hashes';

export type ModelFileStatus = 'new' | 'cached' | 'rehashed' | 'changed';

export interface ModelFileEntry {
  snapshot: ModelSnapshot;
  /** new: first time seen; cached: size+mtime unchanged, not read; rehashed: touched but same bytes; changed: bytes differ. */
  status: ModelFileStatus;
  /** For `changed`: the bytes this path held before. */
  replaced: ReplacedSnapshot | null;
  /** Other indexed files with the same file name but different bytes (a copy that drifted, a re-download). */
  sameNameDiffers: string[];
}

export interface ModelProblem {
  path: string;
  reason: string;
}

export interface ModelSnapshotReport {
  files: ModelFileEntry[];
  problems: ModelProblem[];
}

export interface ModelScanProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesDone: number;
  bytesTotal: number;
}

interface FoundModel {
  path: string;
  size: number;
  mtimeMs: number;
}

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file or folder';
  return err instanceof Error ? err.message : String(err);
}

/**
 * List model files under `root`. Directory symlinks are never followed (a link to `..` would loop); FILE symlinks
 * are, because model folders are commonly links into a shared store (ComfyUI extra_model_paths, Stability Matrix's
 * shared models folder). Only regular files count: a FIFO named x.safetensors would block a read forever.
 */
export async function findModelFiles(root: string, problems: ModelProblem[]): Promise<FoundModel[]> {
  const found: FoundModel[] = [];
  const pending = [path.resolve(root)];
  while (pending.length) {
    const dir = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: dir, reason: `cannot list folder: ${reasonOf(err)}` });
      continue;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        pending.push(full);
        continue;
      }
      if (!isModelFileName(entry.name)) continue;
      if (!entry.isFile() && !entry.isSymbolicLink()) {
        problems.push({ path: full, reason: 'not a regular file (skipped)' });
        continue;
      }
      try {
        const stat = await fs.stat(full);
        if (!stat.isFile()) {
          problems.push({ path: full, reason: 'not a regular file (skipped)' });
          continue;
        }
        found.push({ path: full, size: stat.size, mtimeMs: stat.mtimeMs });
      } catch (err) {
        problems.push({ path: full, reason: reasonOf(err) });
      }
    }
  }
  return found;
}

export interface SnapshotOptions {
  onProgress?: (progress: ModelScanProgress) => void;
  /** Hash function, replaceable so an embedding app can route it through its own worker pool. */
  hashFile?: (file: string, onProgress?: HashProgress) => ReturnType<typeof hashModelFileInWorker>;
}

/** Snapshot every model file under `roots` into `catalog`. One unreadable file is a problem entry, never a stop. */
export async function snapshotModelFolders(
  roots: string[],
  catalog: ModelCatalog,
  options: SnapshotOptions = {},
): Promise<ModelSnapshotReport> {
  const problems: ModelProblem[] = [];
  const found: FoundModel[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    for (const model of await findModelFiles(root, problems)) {
      if (seen.has(model.path)) continue;
      seen.add(model.path);
      found.push(model);
    }
  }
  const hashFile = options.hashFile ?? hashModelFileInWorker;
  const files: ModelFileEntry[] = [];
  for (const [index, model] of found.entries()) {
    const report = (bytesDone: number, bytesTotal: number): void =>
      options.onProgress?.({ file: model.path, fileIndex: index, fileCount: found.length, bytesDone, bytesTotal });
    const cached = catalog.cached(model.path, model.size, model.mtimeMs);
    if (cached) {
      report(model.size, model.size);
      files.push({ snapshot: cached, status: 'cached', replaced: null, sameNameDiffers: [] });
      continue;
    }
    const known = catalog.get(model.path) !== null;
    try {
      const hashes = await hashFile(model.path, report);
      const { snapshot, replaced } = catalog.record(model.path, model.mtimeMs, hashes);
      const status: ModelFileStatus = replaced ? 'changed' : known ? 'rehashed' : 'new';
      files.push({ snapshot, status, replaced, sameNameDiffers: [] });
    } catch (err) {
      problems.push({ path: model.path, reason: `cannot hash: ${reasonOf(err)}` });
    }
  }
  markSameNameDifferences(files, catalog.all());
  return { files, problems };
}

function markSameNameDifferences(files: ModelFileEntry[], everything: ModelSnapshot[]): void {
  for (const entry of files) {
    entry.sameNameDiffers = everything
      .filter(
        (other) =>
          other.name === entry.snapshot.name &&
          other.path !== entry.snapshot.path &&
          other.sha256 !== entry.snapshot.sha256,
      )
      .map((other) => other.path);
  }
}
