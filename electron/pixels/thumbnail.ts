// Thumbnails from the already-decoded buffer, a baseline JPEG at most 256 px a side; transparency is shown over
// white. The library's pixel pass makes an opaque image's in its own SIMD walk (index-pixels.ts: a box shrink by
// whole pixels, then wasm/pixel-kernels.ts finishes and encodes it); here sharp makes them from the whole image.
import sharp from 'sharp';
import type { DecodedImage } from './decode';
import { type BoxShrink, KERNEL_MAX_SHRINK } from './wasm/pixel-kernels';

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
  const size = thumbnailSize(image.width, image.height, maxSide);
  return finishThumbnail(
    image.rgb
      ? rawRgb(image.rgb, image)
      : sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } }).flatten({
          background: '#ffffff',
        }),
    image,
    size,
  );
}

/** The box shrink a thumbnail starts from: whole source pixels per thumbnail pixel, or null below 2 (where sharp's
 *  resize of the whole image costs little) or past what the SIMD walk takes. */
export function thumbnailShrink(width: number, height: number, maxSide = THUMBNAIL_MAX_SIDE): BoxShrink | null {
  const size = thumbnailSize(width, height, maxSide);
  const factorX = Math.floor(width / size.width);
  const factorY = Math.floor(height / size.height);
  return Math.min(factorX, factorY) >= 2 && factorY <= KERNEL_MAX_SHRINK ? { factorX, factorY } : null;
}

interface Size {
  width: number;
  height: number;
}

function rawRgb(rgb: Buffer, { width, height }: Size): sharp.Sharp {
  return sharp(rgb, { raw: { width, height, channels: 3 } });
}

/** Resizes `source` (of size `from`) to `size` unless it is that size already (a box shrink can land on it), then
 *  encodes the JPEG. */
function finishThumbnail(source: sharp.Sharp, from: Size, size: Size): Promise<Buffer> {
  const resized =
    from.width === size.width && from.height === size.height
      ? source
      : source.resize(size.width, size.height, { fit: 'fill', kernel: 'linear' });
  // Huffman tables are not optimised: a second pass over the coefficients for ≈ 5% fewer bytes of cache.
  return resized.jpeg({ quality: THUMBNAIL_JPEG_QUALITY, optimiseCoding: false }).toBuffer();
}
