import { createHash } from 'node:crypto';
import type { PixelSummary } from '../../shared/image-report';
import type { DecodedImage } from './decode';

export function pixelSha256(rgba: Uint8Array): string {
  return createHash('sha256').update(rgba).digest('hex');
}

/** SHA-256 over R,G,B only, in 64 KiB slices so a 100 Mpx image does not need a second full-size buffer. */
export function rgbSha256(rgba: Uint8Array): string {
  const hash = createHash('sha256');
  const slicePixels = 16384;
  const out = Buffer.allocUnsafe(slicePixels * 3);
  for (let start = 0; start < rgba.length; start += slicePixels * 4) {
    const end = Math.min(rgba.length, start + slicePixels * 4);
    let o = 0;
    for (let i = start; i < end; i += 4) {
      out[o++] = rgba[i];
      out[o++] = rgba[i + 1];
      out[o++] = rgba[i + 2];
    }
    hash.update(out.subarray(0, o));
  }
  return hash.digest('hex');
}

export function summarizePixels(image: DecodedImage): PixelSummary {
  return { width: image.width, height: image.height, sha256: pixelSha256(image.data), rgbSha256: rgbSha256(image.data) };
}
