// Shrinking an already-decoded RGBA buffer in plain JS. Thumbnails and perceptual hashes both start from the one
// decoded buffer: handing 4 MB of raw pixels back to sharp costs 8-13 ms per 1024² image, this loop ≈ 5 ms
// (performance-notes.md, "Decode each image once").
import { endianness } from 'node:os';
import type { DecodedImage } from './decode';

const LITTLE_ENDIAN = endianness() === 'LE';

/** For each output cell, the half-open source range it averages; at least one source pixel even when enlarging. */
function sourceSpans(sourceSize: number, targetSize: number): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(targetSize);
  const end = new Int32Array(targetSize);
  for (let i = 0; i < targetSize; i++) {
    const s = Math.min(sourceSize - 1, Math.floor((i * sourceSize) / targetSize));
    const e = Math.floor(((i + 1) * sourceSize) / targetSize);
    start[i] = s;
    end[i] = Math.max(s + 1, Math.min(sourceSize, e));
  }
  return { start, end };
}

function checkTarget(image: DecodedImage, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`target size must be positive integers, got ${width}x${height}`);
  }
  if (image.data.length < image.width * image.height * 4 || image.width < 1 || image.height < 1) {
    throw new RangeError(`decoded buffer holds ${image.data.length} bytes, too few for ${image.width}x${image.height} RGBA`);
  }
}

/** Area-averaged BT.601 luma (0-255) on a width x height grid, row-major. Alpha is ignored on purpose: Forge's
 *  stealth writer changes alpha LSBs, and the picture a person sees is the colour. `step` > 1 averages every
 *  step-th pixel of every step-th row of each cell: a 2048² image hashed in a quarter of the time, and a
 *  cell mean of 16x16 samples instead of 64x64 moves a DCT perceptual hash by no bit in our tests. */
export function areaLuma(image: DecodedImage, width: number, height: number, step = 1): Float64Array {
  checkTarget(image, width, height);
  const src = image.data;
  const cols = sourceSpans(image.width, width);
  const rows = sourceSpans(image.height, height);
  const out = new Float64Array(width * height);
  const stride = image.width * 4;
  for (let oy = 0; oy < height; oy++) {
    const y0 = rows.start[oy];
    const y1 = rows.end[oy];
    for (let ox = 0; ox < width; ox++) {
      const x0 = cols.start[ox];
      const x1 = cols.end[ox];
      let sum = 0;
      let count = 0;
      for (let y = y0; y < y1; y += step) {
        let i = y * stride + x0 * 4;
        for (let x = x0; x < x1; x += step, i += 4 * step) {
          sum += 299 * src[i] + 587 * src[i + 1] + 114 * src[i + 2];
          count++;
        }
      }
      out[oy * width + ox] = sum / (1000 * count);
    }
  }
  return out;
}

/** Little-endian 32-bit view of the RGBA buffer (alpha in the top byte), or null when the buffer cannot have one. */
function pixelWords(image: DecodedImage): Int32Array | null {
  const data = image.data;
  if (!LITTLE_ENDIAN || data.byteOffset % 4 !== 0) return null;
  return new Int32Array(data.buffer, data.byteOffset, image.width * image.height);
}

/**
 * Adds the RGB of source rows [y0, y1) into `sums` per output column and returns the AND of every pixel word seen:
 * its top byte is 255 exactly when every pixel in the band is opaque (otherwise the caller redoes the band with
 * `sumBandOver`). One 32-bit load per pixel, integer sums and no branch in the inner loop: 1024² to 256² in 3.5-4.8 ms
 * where the byte loop took 4.7-8.7 ms in the same runs; the sums are the same (sums of integers are exact in a double).
 */
function sumOpaqueBand(words: Int32Array, width: number, y0: number, y1: number, cols: { start: Int32Array; end: Int32Array }, sums: Float64Array): number {
  const colStart = cols.start;
  const colEnd = cols.end;
  const outWidth = colStart.length;
  let all = -1;
  for (let y = y0; y < y1; y++) {
    const rowBase = y * width;
    for (let ox = 0; ox < outWidth; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let j = rowBase + colStart[ox], jEnd = rowBase + colEnd[ox]; j < jEnd; j++) {
        const p = words[j];
        all &= p;
        r += p & 0xff;
        g += (p >> 8) & 0xff;
        b += (p >> 16) & 0xff;
      }
      const k = ox * 3;
      sums[k] += r;
      sums[k + 1] += g;
      sums[k + 2] += b;
    }
  }
  return all;
}

/** Alpha is the top byte of a little-endian pixel word: opaque exactly when the signed word's top byte is -1. */
function allOpaque(andOfWords: number): boolean {
  return andOfWords >> 24 === -1;
}

/** The general band sum: each pixel composited over `background` by its alpha. */
function sumBandOver(src: Buffer, stride: number, y0: number, y1: number, cols: { start: Int32Array; end: Int32Array }, sums: Float64Array, background: number): void {
  const outWidth = cols.start.length;
  for (let y = y0; y < y1; y++) {
    const rowBase = y * stride;
    for (let ox = 0; ox < outWidth; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let i = rowBase + cols.start[ox] * 4;
      for (let x = cols.start[ox], x1 = cols.end[ox]; x < x1; x++, i += 4) {
        const a = src[i + 3];
        if (a === 255) {
          r += src[i];
          g += src[i + 1];
          b += src[i + 2];
        } else {
          const keep = a / 255;
          const fill = background * (1 - keep);
          r += src[i] * keep + fill;
          g += src[i + 1] * keep + fill;
          b += src[i + 2] * keep + fill;
        }
      }
      sums[ox * 3] += r;
      sums[ox * 3 + 1] += g;
      sums[ox * 3 + 2] += b;
    }
  }
}

/** Area-averaged RGB (3 bytes per pixel), each pixel composited over `background` first so transparent
 *  regions look the way viewers show them rather than as the black hidden under alpha 0. */
export function areaRgbOver(image: DecodedImage, width: number, height: number, background = 255): Buffer {
  checkTarget(image, width, height);
  const cols = sourceSpans(image.width, width);
  const rows = sourceSpans(image.height, height);
  const out = Buffer.allocUnsafe(width * height * 3);
  const stride = image.width * 4;
  const words = pixelWords(image);
  const sums = new Float64Array(width * 3);
  for (let oy = 0; oy < height; oy++) {
    const y0 = rows.start[oy];
    const y1 = rows.end[oy];
    sums.fill(0);
    if (!words || !allOpaque(sumOpaqueBand(words, image.width, y0, y1, cols, sums))) {
      sums.fill(0);
      sumBandOver(image.data, stride, y0, y1, cols, sums, background);
    }
    const rowCount = y1 - y0;
    for (let ox = 0; ox < width; ox++) {
      const n = rowCount * (cols.end[ox] - cols.start[ox]);
      const o = (oy * width + ox) * 3;
      out[o] = Math.round(sums[ox * 3] / n);
      out[o + 1] = Math.round(sums[ox * 3 + 1] / n);
      out[o + 2] = Math.round(sums[ox * 3 + 2] / n);
    }
  }
  return out;
}
