// The metadata-bearing parts of an image file, read without its pixel data and re-assembled into a smaller file
// of the same format, so the one container walker (electron/metadata/containers) reads both. PNG keeps every
// chunk except IDAT/fdAT (text chunks after IDAT and eXIf stay); JPEG keeps everything before the first scan;
// WebP keeps every RIFF chunk except the VP8/VP8L/ALPH/ANMF bitstreams.
import { readSync, type promises as fs } from 'node:fs';

const WINDOW = 64 * 1024;
const MIN_SKIPPED_IDAT = 32 * 1024;
const PNG_PIXEL_CHUNKS = new Set(['IDAT', 'fdAT']);
const WEBP_PIXEL_CHUNKS = new Set(['VP8 ', 'VP8L', 'ALPH', 'ANMF']);

/**
 * Reads through a 64 KiB window, so walking small chunks costs one read per window, not one per chunk. Reads are
 * synchronous positioned reads: skipping 300 IDAT chunks means 300 tiny reads, which cost ~2 µs each this way and
 * ~15 µs each through the async thread pool (more than reading the whole file at once).
 */
class FileWindow {
  private start = 0;
  private bytes: Buffer = Buffer.alloc(0);
  constructor(
    private readonly handle: fs.FileHandle,
    readonly size: number,
  ) {}

  /** `length` bytes at `pos`, fewer at the end of the file. `peek` reads just those bytes, not a window. */
  read(pos: number, length: number, peek = false): Buffer {
    const end = Math.min(pos + length, this.size);
    if (pos >= this.start && end <= this.start + this.bytes.length)
      return this.bytes.subarray(pos - this.start, end - this.start);
    const want = peek ? Math.max(0, end - pos) : Math.max(end - pos, Math.min(WINDOW, this.size - pos));
    const buffer = Buffer.allocUnsafe(want);
    const bytesRead = want === 0 ? 0 : readSync(this.handle.fd, buffer, 0, want, pos);
    if (peek) return buffer.subarray(0, bytesRead);
    this.start = pos;
    this.bytes = buffer.subarray(0, bytesRead);
    return this.bytes.subarray(0, Math.min(bytesRead, end - pos));
  }
}

/**
 * Null when reading the whole file is the cheaper way (other formats, PNGs with small IDAT chunks). `upToPixels`:
 * a PNG is read only as far as its first IDAT and closed with an IEND there, for a file whose pixel pass follows and
 * reads the whole file anyway (its report, chunks after the pixels included, replaces this one): the indexer's
 * metadata pass then reads one window, not 2.8 MB or 45 chunk headers of a 1024² PNG (bench/library.ts: cold).
 */
export function condensedMetadataBytes(handle: fs.FileHandle, size: number, upToPixels = false): Buffer | null {
  const file = new FileWindow(handle, size);
  const head = file.read(0, 16);
  if (head.length >= 8 && head.readUInt32BE(0) === 0x89504e47) return condensedPng(file, upToPixels);
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return condensedJpeg(file);
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP')
    return condensedWebp(file);
  return null;
}

/** An empty IEND chunk, CRC included. */
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

function condensedPng(file: FileWindow, upToPixels: boolean): Buffer | null {
  const parts: Buffer[] = [file.read(0, 8)];
  let pos = 8;
  let inPixels = false;
  while (pos + 8 <= file.size) {
    // Once inside the pixel data, headers are peeked alone so the IDAT bytes between them are never read.
    const header = file.read(pos, 8, inPixels);
    if (header.length < 8) break;
    const length = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    // A chunk that runs past the end is kept as far as it goes, so the walker reports the truncation itself.
    inPixels = PNG_PIXEL_CHUNKS.has(type);
    if (inPixels && upToPixels) {
      parts.push(PNG_IEND);
      break;
    }
    // A read costs as much as ~30 KB of bandwidth here (gVisor-like syscalls, ~25 µs each): skipping 8 KB IDATs
    // (libspng/sharp) one by one is slower than reading the file whole, skipping PIL's 64 KB IDATs (A1111, Forge,
    // ComfyUI) is faster.
    if (inPixels && length < MIN_SKIPPED_IDAT) return null;
    if (inPixels && length <= 0x7fffffff && pos + 12 + length <= file.size) {
      pos += 12 + length;
      continue;
    }
    const chunk = file.read(pos, length > 0x7fffffff ? 8 : 12 + length);
    parts.push(chunk);
    if (type === 'IEND' || chunk.length < 12 + length) break;
    pos += 12 + length;
  }
  return Buffer.concat(parts);
}

function condensedJpeg(file: FileWindow): Buffer {
  let pos = 2;
  while (pos + 4 <= file.size) {
    const marker = file.read(pos, 4);
    if (marker.length < 4 || marker[0] !== 0xff) break;
    const code = marker[1];
    if (code === 0xff) {
      pos++;
      continue;
    }
    if (code === 0xd8 || code === 0x01 || (code >= 0xd0 && code <= 0xd7)) {
      pos += 2;
      continue;
    }
    if (code === 0xda || code === 0xd9) break;
    pos += 2 + marker.readUInt16BE(2);
  }
  const end = Math.min(pos, file.size);
  return Buffer.concat([file.read(0, end), Buffer.from([0xff, 0xd9])]);
}

function condensedWebp(file: FileWindow): Buffer {
  const parts: Buffer[] = [];
  let pos = 12;
  while (pos + 8 <= file.size) {
    const header = file.read(pos, 8, true);
    if (header.length < 8) break;
    const type = header.toString('latin1', 0, 4);
    const length = header.readUInt32LE(4);
    const padded = 8 + length + (length % 2);
    if (!WEBP_PIXEL_CHUNKS.has(type) || pos + padded > file.size) parts.push(file.read(pos, padded));
    pos += padded;
  }
  const body = Buffer.concat(parts);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length + 4, 4);
  riff.write('WEBP', 8, 'latin1');
  return Buffer.concat([riff, body]);
}
