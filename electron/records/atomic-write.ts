// Every file Seedscope writes (sidecars, embedded copies) goes through here.
// reliability-notes.md: plain writeFileSync tore 1 sidecar in 40 under kill -9; temp file + fsync + rename +
// directory fsync tore none, but left orphan temp files behind, so the next write in a folder sweeps them.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Temp files are `.<target name>.seedscope-tmp-<pid>-<random>`: hidden, and recognisable as ours alone. */
const TEMP_MARKER = '.seedscope-tmp-';

/** A temp file this old is an orphan even if its pid is alive again (pids get reused); our writes take milliseconds. */
const ORPHAN_AGE_MS = 10 * 60_000;

export class TargetExistsError extends Error {
  constructor(readonly target: string) {
    super(`${target} already exists (not overwritten; pass overwrite to replace it)`);
    this.name = 'TargetExistsError';
  }
}

export interface AtomicWriteOptions {
  /** Replace an existing file. Without it an existing target is never touched and TargetExistsError is thrown. */
  overwrite?: boolean;
}

function tempPathFor(target: string): string {
  const name = `.${path.basename(target)}${TEMP_MARKER}${process.pid}-${randomBytes(6).toString('hex')}`;
  return path.join(path.dirname(target), name);
}

/**
 * Write `data` to `target` so that a reader (or a crash) sees either the old state or the complete new file,
 * never a torn one. The temp file lives in the target's folder so the rename stays on one filesystem.
 */
export async function writeFileAtomic(
  target: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(target);
  await sweepOnce(dir);
  if (!options.overwrite && (await exists(target))) throw new TargetExistsError(target);
  const temp = tempPathFor(target);
  // 'wx': the temp name is new; never follow or reuse whatever sits there.
  const handle = await fs.open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    if (options.overwrite) {
      await fs.rename(temp, target);
    } else {
      // link() fails with EEXIST if another writer created the target meanwhile, where rename() would replace it.
      await linkWithoutReplacing(temp, target);
    }
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** Folders already swept by this process: exporting 10k sidecars into one folder must not list it 10k times. */
const swept = new Set<string>();

async function sweepOnce(dir: string): Promise<void> {
  const key = path.resolve(dir);
  if (swept.has(key)) return;
  swept.add(key);
  await removeOrphanTempFiles(key);
}

async function linkWithoutReplacing(temp: string, target: string): Promise<void> {
  try {
    await fs.link(temp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new TargetExistsError(target);
    // Filesystems without hard links (FAT, some network mounts): fall back to rename after a last check.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      if (await exists(target)) throw new TargetExistsError(target);
      await fs.rename(temp, target);
      return;
    }
    throw err;
  }
  await fs.rm(temp, { force: true });
}

async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory for fsync; the rename is still atomic there.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Delete temp files a killed writer left in `dir`. A temp file is an orphan when its writer's pid is gone, or it is
 * older than ten minutes (pids get reused). Returns the names removed. Never touches anything but our own temp names.
 */
export async function removeOrphanTempFiles(dir: string, now: number = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const at = name.indexOf(TEMP_MARKER);
    if (!name.startsWith('.') || at === -1) continue;
    const pid = Number(name.slice(at + TEMP_MARKER.length).split('-')[0]);
    const full = path.join(dir, name);
    try {
      const stat = await fs.lstat(full);
      if (!stat.isFile()) continue;
      const stale = now - stat.mtimeMs > ORPHAN_AGE_MS;
      if (!stale && Number.isInteger(pid) && isProcessAlive(pid)) continue;
      await fs.rm(full, { force: true });
      removed.push(name);
    } catch {
      // Another sweeper got there first.
    }
  }
  return removed;
}
