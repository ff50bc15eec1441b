// Builders for crafted test files: small real PNGs from sharp, TIFF/EXIF blocks, a zlib bomb, a PNG whose
// header declares huge dimensions. Used by the container and hostile-input tests (and free for other tests).
import sharp from 'sharp';
import { crc32, deflateRawSync, deflateSync, constants as zlibConstants } from 'node:zlib';
import { encodePngChunk } from './png-write';

export async function smallPng(width = 8, height = 8, alpha = false): Promise<Buffer> {
  const channels = alpha ? 4 : 3;
  const data = Buffer.alloc(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37) & 0xff;
  return sharp(data, { raw: { width, height, channels } }).png().toBuffer();
}

/** A TIFF block (no `Exif\0\0` prefix) with ASCII / UNDEFINED tags; `exifIfd` tags go in a sub-IFD via 0x8769. */
export function tiffBlock(opts: {
  littleEndian: boolean;
  ifd0?: Array<[number, number, Buffer]>;
  exifIfd?: Array<[number, number, Buffer]>;
}): Buffer {
  const le = opts.littleEndian;
  const ifd0 = [...(opts.ifd0 ?? [])];
  const exif = opts.exifIfd ?? [];
  const parts: Buffer[] = [];
  const u16 = (v: number): Buffer => {
    const b = Buffer.alloc(2);
    le ? b.writeUInt16LE(v) : b.writeUInt16BE(v);
    return b;
  };
  const u32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    le ? b.writeUInt32LE(v) : b.writeUInt32BE(v);
    return b;
  };
  const ifd0Size = 2 + (ifd0.length + (exif.length ? 1 : 0)) * 12 + 4;
  const exifOffset = 8 + ifd0Size;
  const exifSize = exif.length ? 2 + exif.length * 12 + 4 : 0;
  let dataOffset = exifOffset + exifSize;
  const data: Buffer[] = [];
  const entry = (tag: number, type: number, value: Buffer): Buffer => {
    const head = Buffer.concat([u16(tag), u16(type), u32(value.length)]);
    if (value.length <= 4) return Buffer.concat([head, value, Buffer.alloc(4 - value.length)]);
    const at = dataOffset;
    data.push(value);
    dataOffset += value.length;
    return Buffer.concat([head, u32(at)]);
  };
  parts.push(Buffer.from(le ? 'II' : 'MM', 'latin1'), u16(42), u32(8));
  const entries0 = ifd0.map(([tag, type, value]) => entry(tag, type, value));
  if (exif.length) entries0.push(Buffer.concat([u16(0x8769), u16(4), u32(1), u32(exifOffset)]));
  parts.push(u16(entries0.length), ...entries0, u32(0));
  if (exif.length) {
    const entries1 = exif.map(([tag, type, value]) => entry(tag, type, value));
    parts.push(u16(entries1.length), ...entries1, u32(0));
  }
  return Buffer.concat([...parts, ...data]);
}

/** UserComment bytes: 8-byte charset prefix + payload. */
export function userComment(prefix: 'UNICODE' | 'ASCII' | null, payload: Buffer): Buffer {
  if (prefix === null) return payload;
  return Buffer.concat([Buffer.from(prefix.padEnd(8, '\0'), 'latin1'), payload]);
}

export function utf16(text: string, littleEndian: boolean): Buffer {
  const b = Buffer.from(text, 'utf16le');
  return littleEndian ? b : b.swap16();
}

/**
 * A valid zlib stream that inflates to `mebibytes` MiB of zeros from ~1 KB per MiB: one full-flushed block of
 * 1 MiB repeated (each block is independent after a full flush), a final empty block, and the Adler-32 of n zeros.
 */
export function zlibBomb(mebibytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: zlibConstants.Z_FULL_FLUSH, level: 9 });
  const n = mebibytes * (1 << 20);
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((n % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([
    Buffer.from([0x78, 0x9c]),
    ...Array<Buffer>(mebibytes).fill(block),
    Buffer.from([0x03, 0x00]),
    adler,
  ]);
}

/** A PNG whose IHDR declares width×height with one tiny IDAT: a decompression-bomb header. */
export function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    encodePngChunk('IHDR', ihdr),
    encodePngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    encodePngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Raw chunk bytes with a chosen declared length (which may lie). */
export function rawChunk(type: string, declaredLength: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(declaredLength, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** The same PNG with its image data re-split into IDAT chunks of `size` bytes (sharp writes 8 KiB, PIL 64 KiB). */
export function withIdatChunks(png: Buffer, size: number): Buffer {
  const before: Buffer[] = [];
  const data: Buffer[] = [];
  let pos = 8;
  let after = png.length;
  while (pos + 8 <= png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    if (type === 'IDAT') data.push(png.subarray(pos + 8, pos + 8 + length));
    else if (data.length === 0) before.push(png.subarray(pos, pos + 12 + length));
    else if (after === png.length) after = pos;
    pos += 12 + length;
  }
  const idat = Buffer.concat(data);
  const chunks: Buffer[] = [];
  for (let i = 0; i < idat.length; i += size) chunks.push(encodePngChunk('IDAT', idat.subarray(i, i + size)));
  return Buffer.concat([png.subarray(0, 8), ...before, ...chunks, png.subarray(after)]);
}
