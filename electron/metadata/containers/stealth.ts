// "Stealth" metadata hidden in pixel least-significant bits (sd_webui_stealth_pnginfo, Forge's
// modules/stealth_infotext.py, NovelAI): bits run column-major (x outer, y inner), MSB first, either from the alpha
// LSB or from the R, G, B LSBs in turn; a 15-byte magic, a 32-bit big-endian BIT count, then the payload
// (gzip for *comp, raw UTF-8 for *info). Forge writes alpha stealth by default, NovelAI always does.
import { colourBytes, type DecodedImage } from '../../pixels/decode';
import { decodeUtf8Lenient } from '../text-decoding';
import type { CollectedSources } from './collected-sources';
import { MAX_TEXT_BYTES } from './limits';

const MAGIC_BYTES = 15;
const MAGICS: Record<string, { mode: 'alpha' | 'rgb'; compressed: boolean }> = {
  stealth_pnginfo: { mode: 'alpha', compressed: false },
  stealth_pngcomp: { mode: 'alpha', compressed: true },
  stealth_rgbinfo: { mode: 'rgb', compressed: false },
  stealth_rgbcomp: { mode: 'rgb', compressed: true },
};

class LsbReader {
  private bit = 0;
  readonly totalBits: number;
  // An opaque image is read from its decoder RGB (alpha mode is never asked of it), so no RGBA copy is made.
  private readonly pixels: ReturnType<typeof colourBytes>;
  constructor(
    private readonly image: DecodedImage,
    private readonly mode: 'alpha' | 'rgb',
  ) {
    const pixels = image.width * image.height;
    this.totalBits = mode === 'alpha' ? pixels : pixels * 3;
    this.pixels = colourBytes(image);
  }

  get remaining(): number {
    return this.totalBits - this.bit;
  }

  private next(): number {
    const { width, height } = this.image;
    const { bytes, bytesPerPixel } = this.pixels;
    const pixel = this.mode === 'alpha' ? this.bit : Math.floor(this.bit / 3);
    const channel = this.mode === 'alpha' ? 3 : this.bit % 3;
    this.bit++;
    const x = Math.floor(pixel / height);
    const y = pixel - x * height;
    return bytes[(y * width + x) * bytesPerPixel + channel] & 1;
  }

  readBytes(count: number): Buffer {
    const out = Buffer.alloc(count);
    for (let i = 0; i < count; i++) {
      let byte = 0;
      for (let b = 0; b < 8; b++) byte = (byte << 1) | this.next();
      out[i] = byte;
    }
    return out;
  }
}

/** The stealth payload as text, or null when the pixels carry no stealth magic. Never throws. */
export function readStealth(image: DecodedImage, into: CollectedSources): { source: string; text: string } | null {
  if (image.width * image.height * 1 < (MAGIC_BYTES + 4) * 8) return null;
  for (const mode of ['alpha', 'rgb'] as const) {
    // Without alpha in the file every alpha LSB is 1: no magic can be there.
    if (mode === 'alpha' && image.rgb) continue;
    const reader = new LsbReader(image, mode);
    const magic = reader.readBytes(MAGIC_BYTES).toString('latin1');
    const kind = MAGICS[magic];
    if (!kind || kind.mode !== mode) continue;
    const source = `stealth:${mode}`;
    const bitCount = reader.readBytes(4).readUInt32BE(0);
    if (bitCount % 8 !== 0 || bitCount > reader.remaining) {
      into.warn(`stealth ${magic} data declares ${bitCount} bits but the pixels hold ${reader.remaining}; ignored`);
      return null;
    }
    const byteCount = bitCount / 8;
    if (!kind.compressed && byteCount > MAX_TEXT_BYTES) {
      into.warn(`stealth ${magic} data of ${byteCount} bytes is larger than ${MAX_TEXT_BYTES}; ignored`);
      return null;
    }
    // The compressed payload itself is bounded by the pixels (1 bit per pixel or 3); its inflated size by the budget.
    const payload = reader.readBytes(byteCount);
    const plain = kind.compressed ? into.inflate(payload, `stealth ${magic} data`, true) : payload;
    if (!plain) return null;
    const { text, invalid } = decodeUtf8Lenient(plain);
    if (invalid) into.warn(`stealth ${magic} data is not valid UTF-8; invalid bytes were replaced`);
    return { source, text };
  }
  return null;
}
