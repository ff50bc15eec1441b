// One decode path for every feature, with the limits that keep hostile files bounded
// (reliability-notes.md: a 249 KB PNG declaring 16000² took 6.1 s / 1 GB without a pixel cap).
import { endianness } from 'node:os';
import sharp from 'sharp';

/** 100 Mpx: refuses decompression bombs in milliseconds while 8K images (67 Mpx) still pass. */
export const MAX_INPUT_PIXELS = 100_000_000;

/** How every input is opened for a decode (the library bench decodes its floor with the same). */
export const DECODE_INPUT_OPTIONS = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false } as const;

let configured = false;
function configureSharp(): void {
  if (configured) return;
  configured = true;
  // Parallelism comes from worker threads; libvips' own cache and threads only add memory (performance-notes.md).
  sharp.cache(false);
  sharp.concurrency(1);
  // Loaders we never need are where libvips' recent CVEs live (reliability-notes.md). An allow-list, not a
  // block-list: blocking the base class blocks every loader (TIFF, GIF, JP2, FITS, ... and any a later libvips
  // adds), then only the formats generators write are let back in (their subclasses: file, buffer, source).
  sharp.block({ operation: ['VipsForeignLoad'] });
  sharp.unblock({ operation: [...SUPPORTED_LOADERS] });
}

/** The libvips loaders decodeImage may use: PNG (libpng or spng), JPEG, WebP, and AVIF through libheif. */
export const SUPPORTED_LOADERS = [
  'VipsForeignLoadPng',
  'VipsForeignLoadSpng',
  'VipsForeignLoadJpeg',
  'VipsForeignLoadWebp',
  'VipsForeignLoadHeif',
] as const;

/** Width and height from the header alone (no decode), through the same allowed loaders; null when unreadable. */
export async function readImageSize(file: string): Promise<{ width: number; height: number } | null> {
  configureSharp();
  try {
    const { width, height } = await sharp(file, DECODE_INPUT_OPTIONS).metadata();
    return width && height ? { width, height } : null;
  } catch {
    return null;
  }
}

export interface DecodedImage {
  /** RGBA, 8 bits per channel, row-major. */
  readonly data: Buffer;
  width: number;
  height: number;
  channels: 4;
  /** The file had an alpha channel of its own (otherwise alpha was filled with 255). */
  hadAlpha: boolean;
  /**
   * Set when the file had no alpha: the decoder's own R,G,B bytes (3 per pixel). Readers that need only colour
   * (pixel hashes, thumbnail, perceptual hash, stealth) use it, and then `data` (built from it on first use) is
   * never made: adding alpha cost 6-9 ms per 1024² image, a third of the decode.
   */
  readonly rgb?: Buffer;
}

export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** Decode the first frame to RGBA. Throws DecodeError with a message a person can act on. */
export async function decodeImage(input: Buffer | string): Promise<DecodedImage> {
  configureSharp();
  try {
    // No ensureAlpha: libvips' band join costs as much as a third of the decode; sharp hands back sRGB with 3
    // channels (no alpha, greyscale and palette included) or 4 (alpha), 8 bits each.
    const { data, info } = await sharp(input, DECODE_INPUT_OPTIONS)
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels === 4) return { data, width: info.width, height: info.height, channels: 4, hadAlpha: true };
    if (info.channels === 3) return opaqueImage(data, info.width, info.height);
    throw new DecodeError(`cannot decode image (the decoder returned ${info.channels} channels)`);
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw new DecodeError(describeDecodeFailure(err));
  }
}

/**
 * The colour bytes to read without making the RGBA copy: the decoder's RGB (3 bytes a pixel) when it was kept,
 * otherwise the RGBA (4 bytes a pixel, R, G, B first in each).
 */
export function colourBytes(image: DecodedImage): { bytes: Uint8Array; bytesPerPixel: 3 | 4 } {
  return image.rgb ? { bytes: image.rgb, bytesPerPixel: 3 } : { bytes: image.data, bytesPerPixel: 4 };
}

/** An image without alpha, kept as the decoder's RGB; the RGBA view is made once, when something asks for it. */
export function opaqueImage(rgb: Buffer, width: number, height: number): DecodedImage {
  let rgba: Buffer | null = null;
  return {
    get data(): Buffer {
      rgba ??= rgbToRgba(rgb, width * height);
      return rgba;
    },
    rgb,
    width,
    height,
    channels: 4,
    hadAlpha: false,
  };
}

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * `pixels` R,G,B triples as R,G,B,255 into `out` (from byte 0), starting at pixel `first` of `rgb`. Four pixels are
 * three 32-bit loads and four stores when both buffers allow word views; the same bytes as libvips' ensureAlpha.
 */
export function rgbToRgbaInto(rgb: Uint8Array, first: number, pixels: number, out: Uint8Array): void {
  let p = 0;
  const inByte = first * 3;
  if (LITTLE_ENDIAN && (rgb.byteOffset + inByte) % 4 === 0 && out.byteOffset % 4 === 0) {
    const words = new Uint32Array(rgb.buffer, rgb.byteOffset + inByte, (pixels * 3) >> 2);
    const outWords = new Uint32Array(out.buffer, out.byteOffset, pixels);
    for (let w = 0, quadEnd = pixels & ~3; p < quadEnd; w += 3) {
      const a = words[w];
      const b = words[w + 1];
      const c = words[w + 2];
      outWords[p++] = a | 0xff000000;
      outWords[p++] = (a >>> 24) | (b << 8) | 0xff000000;
      outWords[p++] = (b >>> 16) | (c << 16) | 0xff000000;
      outWords[p++] = (c >>> 8) | 0xff000000;
    }
  }
  for (let i = inByte + p * 3, o = p * 4; p < pixels; p++, i += 3, o += 4) {
    out[o] = rgb[i];
    out[o + 1] = rgb[i + 1];
    out[o + 2] = rgb[i + 2];
    out[o + 3] = 255;
  }
}

function rgbToRgba(rgb: Uint8Array, pixels: number): Buffer {
  const out = Buffer.allocUnsafeSlow(pixels * 4);
  rgbToRgbaInto(rgb, 0, pixels, out);
  return out;
}

function describeDecodeFailure(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(text)) {
    return `image is larger than ${MAX_INPUT_PIXELS / 1e6} megapixels (refused as a possible decompression bomb)`;
  }
  if (/unsupported image format/i.test(text)) return 'not a supported image format';
  if (/premature end|truncated|unexpected end|Read error/i.test(text))
    return `image data is truncated or corrupt (${firstLine(text)})`;
  return `cannot decode image (${firstLine(text)})`;
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}
