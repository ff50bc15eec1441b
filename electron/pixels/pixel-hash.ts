// The decoded-pixel hashes stored in every library row and sidecar: SHA-256 over RGBA, and over R,G,B only
// (Forge's stealth writer rewrites alpha alone, so RGB is what says "same picture"). Their values are a stored
// format: any faster path here must produce the same bytes in the same order.
import { createHash, type Hash } from 'node:crypto';
import { endianness } from 'node:os';
import type { PixelSummary } from '../../shared/image-report';
import { type DecodedImage, rgbToRgbaInto } from './decode';
import { KERNEL_MAX_WIDTH, rgbaBands } from './wasm/pixel-kernels';

/** Pixels per slice: 64 KiB of RGBA, small enough that the packing loop reads what the hash just pulled into cache. */
const SLICE_PIXELS = 16384;
const LITTLE_ENDIAN = endianness() === 'LE';

export function pixelSha256(rgba: Uint8Array): string {
  return createHash('sha256').update(rgba).digest('hex');
}

/**
 * Packs pixels [first, first + count) of `rgba` as R,G,B bytes into `out` from byte 0; returns the bytes written.
 * Four RGBA pixels become three 32-bit words (little-endian: the word of pixel k is r | g<<8 | b<<16 | a<<24): one
 * load per pixel instead of three byte loads and stores: summarizePixels of a 1024² buffer took 5.7-6.5 ms where
 * the byte loop took 7.5-12 ms in the same runs (the two SHA-256 runs are ≈ 5 ms of it).
 */
function packRgb(
  rgba: Uint8Array,
  words: Uint32Array | null,
  first: number,
  count: number,
  out: Buffer,
  outWords: Uint32Array | null,
): number {
  let p = first;
  const end = first + count;
  let o = 0;
  if (words && outWords) {
    let w = 0;
    for (const quadEnd = first + (count & ~3); p < quadEnd; p += 4) {
      const p0 = words[p];
      const p1 = words[p + 1];
      const p2 = words[p + 2];
      const p3 = words[p + 3];
      outWords[w++] = (p0 & 0xffffff) | (p1 << 24);
      outWords[w++] = ((p1 >>> 8) & 0xffff) | ((p2 & 0xffff) << 16);
      outWords[w++] = ((p2 >>> 16) & 0xff) | (p3 << 8);
    }
    o = w * 4;
  }
  for (let i = p * 4; p < end; p++, i += 4) {
    out[o++] = rgba[i];
    out[o++] = i + 1 < rgba.length ? rgba[i + 1] : 0;
    out[o++] = i + 2 < rgba.length ? rgba[i + 2] : 0;
  }
  return o;
}

/** Hashes RGBA (when `rgbaHash` is given) and RGB in one walk over the buffer, slice by slice, so a 100 Mpx image
 *  needs no second full-size buffer and each slice is read from cache by the second consumer. */
function hashSlices(rgba: Uint8Array, rgbHash: Hash, rgbaHash: Hash | null): void {
  // A trailing partial pixel (never from a decoder) is packed as the byte loop always did: missing bytes as 0.
  const pixels = Math.ceil(rgba.length / 4);
  const out = Buffer.allocUnsafeSlow(SLICE_PIXELS * 3);
  const aligned = LITTLE_ENDIAN && rgba.byteOffset % 4 === 0 && rgba.length % 4 === 0;
  const words = aligned ? new Uint32Array(rgba.buffer, rgba.byteOffset, pixels) : null;
  const outWords = aligned ? new Uint32Array(out.buffer, out.byteOffset, (SLICE_PIXELS * 3) / 4) : null;
  for (let first = 0; first < pixels; first += SLICE_PIXELS) {
    const count = Math.min(SLICE_PIXELS, pixels - first);
    if (rgbaHash) rgbaHash.update(rgba.subarray(first * 4, Math.min(rgba.length, (first + count) * 4)));
    rgbHash.update(out.subarray(0, packRgb(rgba, words, first, count, out, outWords)));
  }
}

/** SHA-256 over R,G,B only, in 64 KiB slices so a 100 Mpx image does not need a second full-size buffer. */
export function rgbSha256(rgba: Uint8Array): string {
  const hash = createHash('sha256');
  hashSlices(rgba, hash, null);
  return hash.digest('hex');
}

/** SHA-256 over R,G,B of a decoded image: the decoder's own RGB when it kept it (no alpha), else packed from RGBA.
 *  Computed where the answer changes something (compare, `show`, a sidecar's pixels, repro groups), not per index. */
export function imageRgbSha256(image: DecodedImage): string {
  return image.rgb ? createHash('sha256').update(image.rgb).digest('hex') : rgbSha256(image.data);
}

/** SHA-256 of the RGBA bytes of a decoded image; an opaque one is hashed from its RGB without a full RGBA copy (the
 *  SIMD walk, or in JS for rows wider than it takes). The library's pixel pass takes it in a walk of its own that
 *  gathers more (index-pixels.ts). */
export function imagePixelSha256(image: DecodedImage): string {
  if (!image.rgb) return pixelSha256(image.data);
  const hash = createHash('sha256');
  if (image.width > KERNEL_MAX_WIDTH) hashRgbaFromRgb(image.rgb, image.width * image.height, hash, null);
  else rgbaBands(image.rgb, image.width, image.height, (rgba) => hash.update(rgba));
  return hash.digest('hex');
}

/**
 * The RGBA byte stream of an RGB buffer (alpha 255), rebuilt slice by slice in one cache-sized buffer; `rgbHash`,
 * when given, takes each RGB slice just before it is expanded, so the pixels come from memory once, not twice.
 * The JS walk, for rows wider than the SIMD one takes and for summarizePixels' two hashes.
 */
function hashRgbaFromRgb(rgb: Uint8Array, pixels: number, rgbaHash: Hash, rgbHash: Hash | null): void {
  const slice = Buffer.allocUnsafeSlow(SLICE_PIXELS * 4);
  for (let first = 0; first < pixels; first += SLICE_PIXELS) {
    const count = Math.min(SLICE_PIXELS, pixels - first);
    rgbHash?.update(rgb.subarray(first * 3, (first + count) * 3));
    rgbToRgbaInto(rgb, first, count, slice);
    rgbaHash.update(slice.subarray(0, count * 4));
  }
}

export function summarizePixels(image: DecodedImage): PixelSummary {
  const rgbaHash = createHash('sha256');
  const rgbHash = createHash('sha256');
  if (image.rgb) {
    // The decoder's RGB is already the RGB stream: hashed as it is, and RGBA rebuilt only in slices.
    hashRgbaFromRgb(image.rgb, image.width * image.height, rgbaHash, rgbHash);
  } else {
    hashSlices(image.data, rgbHash, rgbaHash);
  }
  return { width: image.width, height: image.height, sha256: rgbaHash.digest('hex'), rgbSha256: rgbHash.digest('hex') };
}
