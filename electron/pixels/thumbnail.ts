// Thumbnails from the already-decoded buffer, a baseline JPEG at most 256 px a side; transparency is shown over
// white. The library's pixel pass makes an opaque image's in its own SIMD walk (index-pixels.ts: a box shrink by
// whole pixels, then wasm/pixel-kernels.ts finishes and encodes it); here sharp makes them from the whole image.
import sharp from 'sharp';
import type { DecodedImage } from './decode';
import { type BoxShrink, shrinkFits } from './wasm/pixel-kernels';

const THUMBNAIL_MAX_SIDE = 256;
export const THUMBNAIL_JPEG_QUALITY = 82;

/** The size a thumbnail of a width x height image gets: fits in maxSide, keeps the aspect ratio, never enlarges. */
export function thumbnailSize(
  width: number,
  height: number,
  maxSide = THUMBNAIL_MAX_SIDE,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function makeThumbnail(image: DecodedImage, maxSide = THUMBNAIL_MAX_SIDE): Promise<Buffer> {
  if (!Number.isInteger(maxSide) || maxSide < 1)
    throw new RangeError(`thumbnail maxSide must be a positive integer, got ${maxSide}`);
  const { width, height } = image;
  const size = thumbnailSize(width, height, maxSide);
  const source = image.rgb
    ? sharp(image.rgb, { raw: { width, height, channels: 3 } })
    : sharp(image.data, { raw: { width, height, channels: 4 } }).flatten({ background: '#ffffff' });
  const sized =
    size.width === width && size.height === height
      ? source
      : source.resize(size.width, size.height, { fit: 'fill', kernel: 'linear' });
  // Huffman tables are not optimised: a second pass over the coefficients for ≈ 5% fewer bytes of cache.
  return sized.jpeg({ quality: THUMBNAIL_JPEG_QUALITY, optimiseCoding: false }).toBuffer();
}

/** The box shrink a thumbnail starts from: whole source pixels per thumbnail pixel, or null below 2 (where sharp's
 *  resize of the whole image costs little) or past what the SIMD walk takes. */
export function thumbnailShrink(width: number, height: number, maxSide = THUMBNAIL_MAX_SIDE): BoxShrink | null {
  const size = thumbnailSize(width, height, maxSide);
  const shrink = { factorX: Math.floor(width / size.width), factorY: Math.floor(height / size.height) };
  return Math.min(shrink.factorX, shrink.factorY) >= 2 && shrinkFits(shrink) ? shrink : null;
}
