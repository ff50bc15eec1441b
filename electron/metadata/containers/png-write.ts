// Writes PNG chunks into a copy of a PNG (the original buffer is never changed): text chunks for embedded
// copies of a tuple and for crafting test files, and raw chunks (eXIf, caBX, hostile ones) for tests.
import { crc32, deflateSync } from 'node:zlib';

export interface PngTextChunk {
  keyword: string;
  text: string;
  /**
   * tEXt (default): Latin-1 when it fits, else raw UTF-8 the way Tensor.Art writes it. iTXt: UTF-8. zTXt: zlib
   * Latin-1. auto: what Pillow (A1111's writer) does, tEXt when the text is Latin-1 and iTXt otherwise; readers
   * of A1111 files expect the same.
   */
  kind?: 'tEXt' | 'iTXt' | 'zTXt' | 'auto';
  /** iTXt only: zlib-compress the text (compression flag 1). */
  compressed?: boolean;
}

export interface PngRawChunk {
  type: string;
  data: Uint8Array;
}

/** One encoded chunk: length, type, data, CRC over type + data. */
export function encodePngChunk(type: string, data: Uint8Array): Buffer {
  if (!/^[A-Za-z]{4}$/.test(type)) throw new Error(`invalid PNG chunk type "${type}"`);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

export function encodeTextChunk(chunk: PngTextChunk): Buffer {
  if (
    chunk.keyword.length < 1 ||
    chunk.keyword.length > 79 ||
    !isLatin1(chunk.keyword) ||
    chunk.keyword.includes('\0')
  ) {
    throw new Error(`invalid PNG text keyword "${chunk.keyword}" (1-79 Latin-1 characters, no NUL)`);
  }
  const keyword = Buffer.from(chunk.keyword, 'latin1');
  const kind = chunk.kind === 'auto' ? (isLatin1(chunk.text) ? 'tEXt' : 'iTXt') : (chunk.kind ?? 'tEXt');
  if (kind === 'tEXt') {
    const text = Buffer.from(chunk.text, isLatin1(chunk.text) ? 'latin1' : 'utf8');
    return encodePngChunk('tEXt', Buffer.concat([keyword, Buffer.from([0]), text]));
  }
  if (kind === 'zTXt') {
    const text = deflateSync(Buffer.from(chunk.text, isLatin1(chunk.text) ? 'latin1' : 'utf8'));
    return encodePngChunk('zTXt', Buffer.concat([keyword, Buffer.from([0, 0]), text]));
  }
  const utf8 = Buffer.from(chunk.text, 'utf8');
  const body = chunk.compressed ? deflateSync(utf8) : utf8;
  // keyword \0 compression-flag compression-method language \0 translated-keyword \0 text
  return encodePngChunk('iTXt', Buffer.concat([keyword, Buffer.from([0, chunk.compressed ? 1 : 0, 0, 0, 0]), body]));
}

/** Where the first IDAT starts, so new chunks go before the image data (where readers of every kind look). */
function firstIdatOffset(png: Buffer): number {
  let pos = 8;
  while (pos + 8 <= png.length) {
    const length = png.readUInt32BE(pos);
    if (png.toString('latin1', pos + 4, pos + 8) === 'IDAT') return pos;
    pos += 12 + length;
  }
  throw new Error('not a PNG with image data (no IDAT chunk found)');
}

function iendOffset(png: Buffer): number {
  const at = png.length - 12;
  if (at < 8 || png.toString('latin1', at + 4, at + 8) !== 'IEND')
    throw new Error('PNG does not end with an IEND chunk');
  return at;
}

/** A new PNG with `chunks` inserted; `where: 'after-idat'` places them just before IEND. */
export function withPngChunks(
  png: Buffer,
  chunks: readonly PngRawChunk[],
  where: 'before-idat' | 'after-idat' = 'before-idat',
): Buffer {
  const at = where === 'before-idat' ? firstIdatOffset(png) : iendOffset(png);
  const encoded = chunks.map((c) => encodePngChunk(c.type, c.data));
  return Buffer.concat([png.subarray(0, at), ...encoded, png.subarray(at)]);
}

/** A new PNG with text chunks inserted before the image data. */
export function withPngTextChunks(
  png: Buffer,
  chunks: readonly PngTextChunk[],
  where: 'before-idat' | 'after-idat' = 'before-idat',
): Buffer {
  const at = where === 'before-idat' ? firstIdatOffset(png) : iendOffset(png);
  return Buffer.concat([png.subarray(0, at), ...chunks.map(encodeTextChunk), png.subarray(at)]);
}
