// Reading a user's image file without trusting it: only regular files (a FIFO named x.png would block
// fs.readFile and sharp forever, reliability-notes.md), opened non-blocking, at most stat.size bytes read.
import { constants, lstatSync, promises as fs } from 'node:fs';
import { extname } from 'node:path';
import { condensedMetadataBytes } from './metadata-bytes';

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

/**
 * Opens a regular file (a symlink to one is followed) of a sane size and hands it to `read`; every failure is an
 * ImageFileError naming the file.
 */
async function withImageFile<T>(file: string, read: (handle: fs.FileHandle, size: number) => Promise<T>): Promise<T> {
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
    return await read(handle, stat.size);
  } catch (err) {
    if (err instanceof ImageFileError) throw err;
    const { code, reason } = describeFsError(err);
    throw new ImageFileError(code, file, reason);
  } finally {
    await handle.close();
  }
}

async function readAll(handle: fs.FileHandle, size: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
    if (bytesRead === 0) break; // the file shrank while we read it
    filled += bytesRead;
  }
  return filled === size ? bytes : bytes.subarray(0, filled);
}

/** The whole file. */
export async function readImageBytes(file: string): Promise<Buffer> {
  return withImageFile(file, readAll);
}

/**
 * Only the bytes the metadata needs: PNG without its IDAT data, JPEG up to the first scan, WebP without its
 * bitstream. A 2.7 MB PNG costs a few KB of reads instead of the whole file (performance-notes.md: ≈4,400
 * files/s metadata-only when the pixel data is skipped). Other formats are read whole.
 */
export async function readImageMetadataBytes(file: string): Promise<Buffer> {
  return withImageFile(file, async (handle, size) => condensedMetadataBytes(handle, size) ?? readAll(handle, size));
}

/** `<name>.txt` beside `<name>.png` (A1111 opts.save_txt), or null. Never throws. */
export async function readSidecarText(file: string): Promise<string | null> {
  const ext = extname(file);
  if (ext.toLowerCase() === '.txt') return null;
  const sidecar = `${ext ? file.slice(0, -ext.length) : file}.txt`;
  try {
    // Synchronous and non-throwing: most images have no sidecar, and a thrown ENOENT per image cost ~0.4 ms.
    const stat = lstatSync(sidecar, { throwIfNoEntry: false });
    if (!stat || !stat.isFile() || stat.size > MAX_SIDECAR_BYTES) return null;
    return await fs.readFile(sidecar, 'utf8');
  } catch {
    return null;
  }
}
