// Reading a user's image file without trusting it: only regular files (a FIFO named x.png would block
// fs.readFile and sharp forever, reliability-notes.md), opened non-blocking, at most stat.size bytes read.
import { constants, promises as fs } from 'node:fs';
import { extname } from 'node:path';

/** Larger files are refused before reading: no generator writes a 1 GB image, and we hold the bytes in memory. */
export const MAX_IMAGE_FILE_BYTES = 1_000_000_000;
/** A1111 `.txt` sidecars are a few KB; anything larger is not one. */
const MAX_SIDECAR_BYTES = 1_000_000;

export type ImageFileErrorCode = 'not-found' | 'not-a-file' | 'unreadable-file' | 'too-large' | 'empty-file' | 'not-an-image';

/** A file that cannot be inspected at all; the message names the file and the reason. */
export class ImageFileError extends Error {
  constructor(readonly code: ImageFileErrorCode, readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ImageFileError';
  }
}

function describeFsError(err: unknown): { code: ImageFileErrorCode; reason: string } {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'not-found', reason: 'no such file' };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'unreadable-file', reason: 'permission denied' };
  if (code === 'EISDIR') return { code: 'not-a-file', reason: 'is a directory, not an image file' };
  return { code: 'unreadable-file', reason: `cannot read (${code ?? (err instanceof Error ? err.message : String(err))})` };
}

function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** The whole file, when it is a regular file (a symlink to one is followed) of a sane size. */
export async function readImageBytes(file: string): Promise<Buffer> {
  let handle: fs.FileHandle;
  try {
    const link = await fs.lstat(file);
    if (!link.isFile() && !link.isSymbolicLink()) throw new ImageFileError('not-a-file', file, `is ${kindOf(link)}, not an image file`);
    // O_NONBLOCK: if the path was swapped for a FIFO after lstat, open must not wait for a writer.
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    if (err instanceof ImageFileError) throw err;
    const { code, reason } = describeFsError(err);
    throw new ImageFileError(code, file, reason);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ImageFileError('not-a-file', file, `is ${kindOf(stat)}, not an image file`);
    if (stat.size === 0) throw new ImageFileError('empty-file', file, 'is empty (0 bytes)');
    if (stat.size > MAX_IMAGE_FILE_BYTES) throw new ImageFileError('too-large', file, `is ${stat.size} bytes, larger than the ${MAX_IMAGE_FILE_BYTES}-byte limit`);
    const bytes = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < stat.size) {
      const { bytesRead } = await handle.read(bytes, filled, stat.size - filled, filled);
      if (bytesRead === 0) break; // the file shrank while we read it
      filled += bytesRead;
    }
    return filled === stat.size ? bytes : bytes.subarray(0, filled);
  } catch (err) {
    if (err instanceof ImageFileError) throw err;
    const { code, reason } = describeFsError(err);
    throw new ImageFileError(code, file, reason);
  } finally {
    await handle.close();
  }
}

/** `<name>.txt` beside `<name>.png` (A1111 opts.save_txt), or null. Never throws. */
export async function readSidecarText(file: string): Promise<string | null> {
  const ext = extname(file);
  if (ext.toLowerCase() === '.txt') return null;
  const sidecar = `${ext ? file.slice(0, -ext.length) : file}.txt`;
  try {
    const stat = await fs.lstat(sidecar);
    if (!stat.isFile() || stat.size > MAX_SIDECAR_BYTES) return null;
    return await fs.readFile(sidecar, 'utf8');
  } catch {
    return null;
  }
}
