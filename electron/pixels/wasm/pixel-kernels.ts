// The SIMD module (pixel-kernels.c) and its two entry points. rgbaBands: one walk over a decoded RGB image, band by
// band through the module's memory; each band's RGBA goes to `onRgba` (the stored SHA-256 is taken over it) and, when
// asked, into a box-shrunk copy for the thumbnail and the perceptual hash's cell sums. encodeJpeg: that copy finished
// as the thumbnail. On 1024² PNGs they replaced a JS RGB→RGBA loop, areaLuma's second read of the pixels and sharp's
// thumbnail pipeline (electron/library/README.md, "Cold index, second pass").
import type { LumaSampling } from '../area-downscale';
import { PIXEL_KERNELS_WASM_BASE64 } from './pixel-kernels-module';

// Node has WebAssembly everywhere, but its typings live in TypeScript's DOM library, which the main side leaves out.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  __heap_base: { value: number };
  shrink_begin(width: number, factorX: number, factorY: number, rowSums: number, output: number): void;
  band(rgb: number, pixelsPerRow: number, rows: number, rgba: number, walk: number): void;
  shrink_rows(): number;
  luma_begin(rowCell: number, columns: number, columnEnds: number, across: number, down: number, sums: number): void;
  resample(src: number, sw: number, sh: number, dst: number, tw: number, th: number, work: number): void;
  jpeg_encode(rgb: number, width: number, height: number, quality: number, out: number): number;
}

/** A band of about 48 KiB of RGB (64 KiB of RGBA): the hash reads each RGBA band while it is still in cache. */
const BAND_BYTES = 49152;
/** Wider rows are walked in JS (pixel-hash.ts): the module's memory would otherwise grow with the row. */
export const KERNEL_MAX_WIDTH = 65536;
/** Whether the walk takes this box shrink: its row sums are 16 bits (ky rows of 255 fit while ky <= 257), its block
 *  sums 32 (kx x ky pixels of 255 fit while kx x ky <= 65536). */
export function shrinkFits({ factorX, factorY }: BoxShrink): boolean {
  return factorX >= 1 && factorY >= 1 && factorY <= 257 && factorX * factorY <= 65536;
}

/** The finishing resample's most pixels a side (its span tables are fixed). */
const MAX_RESAMPLED = 4096;

export interface BoxShrink {
  /** Source pixels per output pixel across and down (each >= 1). */
  factorX: number;
  factorY: number;
}

/** RGB, 3 bytes a pixel, floor(width / factorX) x floor(height / factorY): the last partial block is left out. */
export interface ShrunkImage {
  data: Buffer;
  width: number;
  height: number;
}

let kernels: KernelExports | null = null;
/** The module, compiled once per thread (20 KB: synchronous compilation is allowed off the browser). */
function load(): KernelExports {
  kernels ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(PIXEL_KERNELS_WASM_BASE64, 'base64')), {})
    .exports as unknown as KernelExports;
  return kernels;
}

const align = (offset: number): number => (offset + 15) & ~15;
const bytesOf = (words: Uint32Array): Uint8Array => new Uint8Array(words.buffer, words.byteOffset, words.byteLength);

/** The module's memory as bytes, grown first to hold `end` bytes (growing replaces the buffer behind old views). */
function memoryUpTo(k: KernelExports, end: number): Uint8Array {
  const missing = end - k.memory.buffer.byteLength;
  if (missing > 0) k.memory.grow(Math.ceil(missing / 65536));
  return new Uint8Array(k.memory.buffer);
}

/** What one walk gathers besides the RGBA bands. */
export interface WalkExtras {
  /** Box-shrink the pixels (for the thumbnail). */
  shrink?: BoxShrink | null;
  /** Sum R, G, B per cell over these pixels (for the perceptual hash). */
  luma?: LumaSampling | null;
}

const WALK_SHRINK = 1;
const WALK_LUMA = 2;

/**
 * Expands `rgb` (width x height, 3 bytes a pixel) to RGBA band by band, handing each band to `onRgba` (a view into
 * the module's memory: use it before returning), and gathers `extras` in the same walk. Throws RangeError for rows
 * wider than KERNEL_MAX_WIDTH or a shrink it does not take (shrinkFits): callers walk those in JS.
 */
export function rgbaBands(
  rgb: Uint8Array,
  width: number,
  height: number,
  onRgba: (rgba: Uint8Array) => void,
  { shrink = null, luma = null }: WalkExtras = {},
): { shrunk: ShrunkImage | null; lumaSums: Uint32Array | null } {
  if (width > KERNEL_MAX_WIDTH) throw new RangeError(`rows of ${width} pixels are wider than the SIMD walk takes`);
  if (shrink && !shrinkFits(shrink))
    throw new RangeError(`a ${shrink.factorX}x${shrink.factorY} box shrink is outside what the SIMD walk takes`);
  if (luma && luma.rowCell.length !== height) throw new RangeError('the luma sampling is for another image');
  if (rgb.length < width * height * 3) throw new RangeError(`${rgb.length} bytes are too few for ${width}x${height}`);
  const k = load();
  const rowBytes = width * 3;
  // A box shrink's blocks of rows never straddle two bands.
  const blockRows = shrink?.factorY ?? 1;
  const bandRows = blockRows * Math.max(1, Math.floor(BAND_BYTES / (rowBytes * blockRows)));
  const outWidth = shrink ? Math.floor(width / shrink.factorX) : 0;
  const outHeight = shrink ? Math.floor(height / shrink.factorY) : 0;
  const src = align(k.__heap_base.value);
  const rgba = align(src + bandRows * rowBytes);
  const sums = align(rgba + bandRows * width * 4);
  const out = align(sums + rowBytes * 2);
  const rowCell = align(out + outWidth * outHeight * 3);
  const columns = align(rowCell + (luma?.rowCell.length ?? 0));
  const columnEnds = align(columns + (luma?.columns.byteLength ?? 0));
  const lumaSums = align(columnEnds + (luma?.columnEnds.byteLength ?? 0));
  const end = lumaSums + (luma ? luma.width * luma.height * 3 * 4 : 0);
  const memory = memoryUpTo(k, end);
  if (shrink) k.shrink_begin(width, shrink.factorX, shrink.factorY, sums, out);
  if (luma) {
    memory.set(luma.rowCell, rowCell);
    memory.set(bytesOf(luma.columns), columns);
    memory.set(bytesOf(luma.columnEnds), columnEnds);
    k.luma_begin(rowCell, columns, columnEnds, luma.width, luma.height, lumaSums);
  }
  const walk = (shrink ? WALK_SHRINK : 0) | (luma ? WALK_LUMA : 0);
  for (let y = 0; y < height; y += bandRows) {
    const rows = Math.min(bandRows, height - y);
    memory.set(rgb.subarray(y * rowBytes, (y + rows) * rowBytes), src);
    k.band(src, width, rows, rgba, walk);
    onRgba(memory.subarray(rgba, rgba + rows * width * 4));
  }
  if (shrink && k.shrink_rows() !== outHeight)
    throw new Error(`the box shrink gave ${k.shrink_rows()} rows, not ${outHeight}`);
  return {
    shrunk: shrink
      ? { data: Buffer.from(memory.subarray(out, out + outWidth * outHeight * 3)), width: outWidth, height: outHeight }
      : null,
    // Little-endian both sides (wasm always, and every platform Electron ships for).
    lumaSums: luma ? new Uint32Array(memory.slice(lumaSums, end).buffer) : null,
  };
}

/**
 * A baseline JPEG (JFIF, 4:2:0, libjpeg's quality scaling) of `image` (RGB) at `size`, which may be smaller: the
 * fraction left after a box shrink is area-resampled first. Synchronous and a few hundred microseconds for a
 * 256² thumbnail, where a sharp call costs a thread hop and libvips' pipeline setup on top of libjpeg's work.
 */
export function encodeJpeg(image: ShrunkImage, size: { width: number; height: number }, quality: number): Buffer {
  const { width: sw, height: sh } = image;
  const { width: tw, height: th } = size;
  const resampled = sw !== tw || sh !== th;
  if (tw < 1 || th < 1 || tw > sw || th > sh || tw > 65535 || th > 65535)
    throw new RangeError(`cannot encode ${sw}x${sh} as a ${tw}x${th} JPEG`);
  if (resampled && (sw >= 3 * tw || sh >= 3 * th || tw > MAX_RESAMPLED || th > MAX_RESAMPLED))
    throw new RangeError(`resampling ${sw}x${sh} to ${tw}x${th} is more than the finishing step takes`);
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new RangeError(`JPEG quality ${quality}`);
  const k = load();
  const src = align(k.__heap_base.value);
  const resized = align(src + sw * sh * 3);
  const work = align(resized + tw * th * 3);
  const out = align(work + (tw * sh * 3 + tw * 3) * 4);
  const end = out + Math.ceil(tw / 16) * Math.ceil(th / 16) * 6 * 416 + 2048;
  const memory = memoryUpTo(k, end);
  memory.set(image.data.subarray(0, sw * sh * 3), src);
  let pixels = src;
  if (resampled) {
    k.resample(src, sw, sh, resized, tw, th, work);
    pixels = resized;
  }
  const length = k.jpeg_encode(pixels, tw, th, quality, out);
  return Buffer.from(memory.subarray(out, out + length));
}
