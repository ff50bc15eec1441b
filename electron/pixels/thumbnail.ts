// Thumbnails from the already-decoded buffer: shrink in plain JS (≈ 5 ms at 1024²), then let sharp encode only
// the small result (JPEG ≈ 1.6 ms). Sending the full raw buffer through sharp's resize costs 8-13 ms more, and
// AVIF thumbnails ≈ 200 ms (performance-notes.md).
import sharp from 'sharp';
import { areaRgbOver } from './area-downscale';
import type { DecodedImage } from './decode';

export const THUMBNAIL_MAX_SIDE = 256;
/** Every thumbnail is a baseline JPEG; transparency is shown over white. */
export const THUMBNAIL_MIME = 'image/jpeg';

/** The size a thumbnail of a width x height image gets: fits in maxSide, keeps the aspect ratio, never enlarges. */
export function thumbnailSize(width: number, height: number, maxSide = THUMBNAIL_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function makeThumbnail(image: DecodedImage, maxSide = THUMBNAIL_MAX_SIDE): Promise<Buffer> {
  if (!Number.isInteger(maxSide) || maxSide < 1) throw new RangeError(`thumbnail maxSide must be a positive integer, got ${maxSide}`);
  const size = thumbnailSize(image.width, image.height, maxSide);
  const rgb = areaRgbOver(image, size.width, size.height);
  return sharp(rgb, { raw: { width: size.width, height: size.height, channels: 3 } }).jpeg({ quality: 82 }).toBuffer();
}
