// Lists the image files under a root without ever trusting the folder tree (reliability-notes.md):
// - lstat only, symlinks are never followed (a link `a -> ..` or two crossing links would loop forever;
//   `fs.readdir({ recursive: true })` follows them, nodejs/node#51858);
// - regular files only: a FIFO named x.png would block a read (and sharp) forever;
// - names are read as bytes: a non-UTF-8 name has no string path that opens it, so it is reported and skipped;
// - an unreadable folder is reported, its subtree listed as unreachable, and the walk goes on.
// Sync syscalls are the fast path here (100k lstat ≈ 0.3 s); the walk yields to the event loop regularly so
// progress and cancellation still run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileProblem } from '../../shared/library';

/** Chosen by extension (a rescan must not open 100k files); the metadata pass then confirms by magic bytes. */
export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.jfif', '.webp', '.avif']);

export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Folders that exist but could not be listed: what sat under them is unreachable, not deleted. */
  unreadableFolders: string[];
  problems: FileProblem[];
}

export interface WalkOptions {
  /** Folders never entered (the thumbnail cache, should a database sit inside an indexed folder). */
  skip?: string[];
  signal?: AbortSignal;
  onProgress?: (filesSoFar: number, currentFolder: string) => void;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const YIELD_EVERY = 2000;

function decodeName(name: Buffer): string | null {
  try {
    return strictUtf8.decode(name);
  } catch {
    return null;
  }
}

function describeError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied (folder not readable)';
  if (code === 'ENOENT') return 'folder disappeared during the scan';
  return err instanceof Error ? err.message : String(err);
}

/** The listing of `full` when lstat says it is a regular file with an image extension (links are not followed). */
export function imageFileAt(full: string, stat: fs.Stats): WalkedFile | null {
  if (!stat.isFile() || !IMAGE_EXTENSIONS.has(path.extname(full).toLowerCase())) return null;
  return { path: full, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
}

export async function walkImageFiles(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const result: WalkResult = { files: [], unreadableFolders: [], problems: [] };
  const skip = new Set((options.skip ?? []).map((p) => path.resolve(p)));
  const pending: string[] = [path.resolve(root)];
  let sinceYield = 0;
  while (pending.length > 0) {
    if (options.signal?.aborted) break;
    const dir = pending.pop() as string;
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      result.unreadableFolders.push(dir);
      result.problems.push({ path: dir, reason: describeError(err) });
      continue;
    }
    for (const entry of entries) {
      const name = decodeName(entry.name);
      if (name === null) {
        const shown = path.join(dir, entry.name.toString('latin1'));
        result.problems.push({ path: shown, reason: 'file name is not valid UTF-8 (skipped: rename it to index it)' });
        continue;
      }
      // Plain concatenation: dir is already absolute and normalized, and path.join's normalizing costs ~10% of a 100k walk.
      const full = dir === path.sep ? dir + name : dir + path.sep + name;
      // Dirent types come from readdir itself (d_type): symlinks and FIFOs are recognised without touching them.
      const isDirectory = entry.isDirectory();
      const isFile = entry.isFile();
      const typeUnknown =
        !isDirectory &&
        !isFile &&
        !entry.isSymbolicLink() &&
        !entry.isFIFO() &&
        !entry.isSocket() &&
        !entry.isCharacterDevice() &&
        !entry.isBlockDevice();
      if (!typeUnknown && !isFile) {
        if (isDirectory && !skip.has(full)) pending.push(full);
        continue;
      }
      if (!typeUnknown && !IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase())) continue;
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(full);
      } catch (err) {
        result.problems.push({ path: full, reason: describeError(err) });
        continue;
      }
      // Some filesystems report DT_UNKNOWN: lstat decides, still without following links.
      if (stat.isDirectory()) {
        if (!skip.has(full)) pending.push(full);
        continue;
      }
      const file = imageFileAt(full, stat);
      if (!file) continue;
      result.files.push(file);
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        options.onProgress?.(result.files.length, dir);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }
  return result;
}
