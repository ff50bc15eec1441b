// Reading a user's image file without trusting it: only regular files (a FIFO named x.png would block
// fs.readFile and sharp forever, reliability-notes.md), opened non-blocking, at most stat.size bytes read.
import { closeSync, constants, fstatSync, lstatSync, openSync, promises as fs, readSync, type Stats } from 'node:fs';
import { extname } from 'node:path';
import { condensedMetadataBytes } from './metadata-bytes';
import type { Allocate } from './reused-buffers';

/** Larger files are refused before reading: no generator writes a 1 GB image, and we hold the bytes in memory. */
const MAX_IMAGE_FILE_BYTES = 1_000_000_000;
/** A1111 `.txt` sidecars are a few KB; anything larger is not one. */
const MAX_SIDECAR_BYTES = 1_000_000;

export type ImageFileErrorCode =
  | 'not-found'
  | 'not-a-file'
  | 'unreadable-file'
  | 'too-large'
  | 'empty-file'
  | 'not-an-image';

/** A file that cannot be inspected at all; the message names the file and the reason. */
export class ImageFileError extends Error {
  constructor(
    readonly code: ImageFileErrorCode,
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ImageFileError';
  }
}

function describeFsError(err: unknown): { code: ImageFileErrorCode; reason: string } {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'not-found', reason: 'no such file' };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'unreadable-file', reason: 'permission denied' };
  if (code === 'EISDIR') return { code: 'not-a-file', reason: 'is a directory, not an image file' };
  return {
    code: 'unreadable-file',
    reason: `cannot read (${code ?? (err instanceof Error ? err.message : String(err))})`,
  };
}

function kindOf(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function checkLink(file: string, link: Stats): void {
  if (!link.isFile() && !link.isSymbolicLink())
    throw new ImageFileError('not-a-file', file, `is ${kindOf(link)}, not an image file`);
}

function checkOpened(file: string, stat: Stats): void {
  if (!stat.isFile()) throw new ImageFileError('not-a-file', file, `is ${kindOf(stat)}, not an image file`);
  if (stat.size === 0) throw new ImageFileError('empty-file', file, 'is empty (0 bytes)');
  if (stat.size > MAX_IMAGE_FILE_BYTES)
    throw new ImageFileError(
      'too-large',
      file,
      `is ${stat.size} bytes, larger than the ${MAX_IMAGE_FILE_BYTES}-byte limit`,
    );
}

function asImageFileError(file: string, err: unknown): ImageFileError {
  if (err instanceof ImageFileError) return err;
  const { code, reason } = describeFsError(err);
  return new ImageFileError(code, file, reason);
}

// O_NONBLOCK: if the path was swapped for a FIFO after lstat, open must not wait for a writer.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * Opens a regular file (a symlink to one is followed) of a sane size and hands it to `read`; every failure is an
 * ImageFileError naming the file.
 */
async function withImageFile<T>(file: string, read: (handle: fs.FileHandle, size: number) => Promise<T>): Promise<T> {
  let handle: fs.FileHandle;
  try {
    checkLink(file, await fs.lstat(file));
    handle = await fs.open(file, OPEN_FLAGS);
  } catch (err) {
    throw asImageFileError(file, err);
  }
  try {
    const stat = await handle.stat();
    checkOpened(file, stat);
    return await read(handle, stat.size);
  } catch (err) {
    throw asImageFileError(file, err);
  } finally {
    await handle.close();
  }
}

/**
 * readImageBytes, synchronously: for worker threads, where blocking costs nothing and the thread pool hop does.
 */
export function readImageBytesSync(file: string, allocate: Allocate): Buffer {
  let fd: number;
  try {
    checkLink(file, lstatSync(file));
    fd = openSync(file, OPEN_FLAGS);
  } catch (err) {
    throw asImageFileError(file, err);
  }
  try {
    const stat = fstatSync(fd);
    checkOpened(file, stat);
    const bytes = allocate(stat.size);
    let filled = 0;
    while (filled < stat.size) {
      const read = readSync(fd, bytes, filled, stat.size - filled, filled);
      if (read === 0) break; // the file shrank while we read it
      filled += read;
    }
    return bytes.subarray(0, filled);
  } catch (err) {
    throw asImageFileError(file, err);
  } finally {
    closeSync(fd);
  }
}

async function readAll(handle: fs.FileHandle, size: number, allocate: Allocate): Promise<Buffer> {
  const bytes = allocate(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
    if (bytesRead === 0) break; // the file shrank while we read it
    filled += bytesRead;
  }
  return bytes.subarray(0, filled);
}

/** The whole file, in a buffer from `allocate` (at least the file's size; ReusedBuffers spares the fresh memory). */
export async function readImageBytes(file: string, allocate: Allocate = Buffer.allocUnsafe): Promise<Buffer> {
  return withImageFile(file, (handle, size) => readAll(handle, size, allocate));
}

/**
 * Only the bytes the metadata needs: PNG without its IDAT data, JPEG up to the first scan, WebP without its
 * bitstream. A 2.7 MB PNG costs a few KB of reads instead of the whole file (performance-notes.md: ≈4,400
 * files/s metadata-only when the pixel data is skipped). Other formats (and PNGs in small IDAT chunks) are read
 * whole, into a buffer from `allocate`. `upToPixels`: see condensedMetadataBytes.
 */
export async function readImageMetadataBytes(
  file: string,
  allocate: Allocate = Buffer.allocUnsafe,
  upToPixels = false,
): Promise<Buffer> {
  return withImageFile(
    file,
    async (handle, size) => condensedMetadataBytes(handle, size, upToPixels) ?? readAll(handle, size, allocate),
  );
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
