// One decode path for every feature, with the limits that keep hostile files bounded
// (reliability-notes.md: a 249 KB PNG declaring 16000² took 6.1 s / 1 GB without a pixel cap).
import sharp from 'sharp';

/** 100 Mpx: refuses decompression bombs in milliseconds while 8K images (67 Mpx) still pass. */
export const MAX_INPUT_PIXELS = 100_000_000;

let configured = false;
function configureSharp(): void {
  if (configured) return;
  configured = true;
  // Parallelism comes from worker threads; libvips' own cache and threads only add memory (performance-notes.md).
  sharp.cache(false);
  sharp.concurrency(1);
  // Loaders we never need are where libvips' recent CVEs live (reliability-notes.md).
  try {
    sharp.block({ operation: ['VipsForeignLoadSvg', 'VipsForeignLoadVips', 'VipsForeignLoadMatrix', 'VipsForeignLoadPdf', 'VipsForeignLoadMagick'] });
  } catch {
    // Older libvips builds lack some of these loaders; nothing to block then.
  }
}

export interface DecodedImage {
  /** RGBA, 8 bits per channel, row-major. */
  data: Buffer;
  width: number;
  height: number;
  channels: 4;
  /** The file had an alpha channel of its own (otherwise alpha was filled with 255). */
  hadAlpha: boolean;
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
    const image = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false });
    // The header read is on the same instance, so the input is opened and parsed once for both.
    const { hasAlpha } = await image.metadata();
    const { data, info } = await image.ensureAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: 4, hadAlpha: Boolean(hasAlpha) };
  } catch (err) {
    throw new DecodeError(describeDecodeFailure(err));
  }
}

function describeDecodeFailure(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(text)) {
    return `image is larger than ${MAX_INPUT_PIXELS / 1e6} megapixels (refused as a possible decompression bomb)`;
  }
  if (/unsupported image format/i.test(text)) return 'not a supported image format';
  if (/premature end|truncated|unexpected end|Read error/i.test(text)) return `image data is truncated or corrupt (${firstLine(text)})`;
  return `cannot decode image (${firstLine(text)})`;
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}
