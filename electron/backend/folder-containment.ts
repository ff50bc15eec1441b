// Media and path references may only reach files inside an indexed folder or the cache. Checked twice: on the
// path as given (cheap, pure), then on its real path, so a symlink planted inside a folder cannot point out.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** `candidate` is `folder` itself or below it. Pure; both must be absolute. */
export function isInsideFolder(folder: string, candidate: string): boolean {
  if (!path.isAbsolute(folder) || !path.isAbsolute(candidate)) return false;
  const relative = path.relative(path.resolve(folder), path.resolve(candidate));
  // `..hidden.png` is a legal name inside the folder; only a first segment of exactly `..` steps out.
  return !path.isAbsolute(relative) && relative.split(path.sep)[0] !== '..';
}

export type ContainedFile =
  | { ok: true; path: string; size: number }
  | { ok: false; reason: 'missing' | 'outside' | 'not-a-file' };

/** The real path of `candidate` when it is a regular file inside one of `folders` (compared by real paths too). */
export async function containedRegularFile(candidate: string, folders: readonly string[]): Promise<ContainedFile> {
  if (!folders.some((folder) => isInsideFolder(folder, candidate))) return { ok: false, reason: 'outside' };
  const real = await fs.realpath(candidate).catch(() => null);
  if (real === null) return { ok: false, reason: 'missing' };
  const realFolders = await Promise.all(folders.map((folder) => fs.realpath(folder).catch(() => null)));
  if (!realFolders.some((folder) => folder !== null && isInsideFolder(folder, real)))
    return { ok: false, reason: 'outside' };
  // lstat on the real path: a FIFO or device named x.png would block a read forever (reliability-notes.md).
  const stat = await fs.lstat(real).catch(() => null);
  if (!stat) return { ok: false, reason: 'missing' };
  if (!stat.isFile()) return { ok: false, reason: 'not-a-file' };
  return { ok: true, path: real, size: stat.size };
}

/**
 * The real path `target` has, or would have once created: the real path of its deepest existing ancestor with the
 * rest appended. A string check alone is fooled by a symlink (`/tmp/out -> ~/outputs`) that points into a folder.
 */
export async function realPathToBe(target: string): Promise<string> {
  const rest: string[] = [];
  for (let at = path.resolve(target); ; at = path.dirname(at)) {
    const real = await fs.realpath(at).catch(() => null);
    if (real !== null) return path.join(real, ...rest.reverse());
    if (path.dirname(at) === at) return path.resolve(target);
    rest.push(path.basename(at));
  }
}

/** The folder of `folders` that holds `target` (or is it), comparing the paths as given and their real paths. */
export async function folderHolding(target: string, folders: readonly string[]): Promise<string | null> {
  const byName = folders.find((folder) => isInsideFolder(folder, target));
  if (byName) return byName;
  const realTarget = await realPathToBe(target);
  for (const folder of folders) {
    const realFolder = await fs.realpath(folder).catch(() => null);
    if (realFolder !== null && isInsideFolder(realFolder, realTarget)) return folder;
  }
  return null;
}
