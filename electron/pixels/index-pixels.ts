// Everything the library's pixel pass derives from a decoded image: the RGBA SHA-256, the perceptual hash and the
// thumbnail. An opaque image (kept as the decoder's RGB) gets all three from one SIMD walk over its pixels
// (wasm/pixel-kernels.ts), with the same values the separate functions give: most of what took the cold index of 200
// 1024² PNGs from 60% to 72% of the bare decode rate (electron/library/README.md). Other images take those functions.
import { createHash } from 'node:crypto';
import type { DecodedImage } from './decode';
import { perceptualHash, perceptualHashOfSums, perceptualSampling } from './perceptual-hash';
import { imagePixelSha256 } from './pixel-hash';
import { makeThumbnail, THUMBNAIL_JPEG_QUALITY, thumbnailShrink, thumbnailSize } from './thumbnail';
import { encodeJpeg, KERNEL_MAX_WIDTH, rgbaBands } from './wasm/pixel-kernels';

export interface IndexedPixels {
  pixelSha256: string;
  perceptualHash: string;
  /** Made on demand: it is named by the digest and often on disk already (a file touched but not changed). */
  thumbnail: () => Promise<Buffer>;
}

export function indexPixels(image: DecodedImage): IndexedPixels {
  if (!image.rgb || image.width > KERNEL_MAX_WIDTH)
    return {
      pixelSha256: imagePixelSha256(image),
      perceptualHash: perceptualHash(image),
      thumbnail: () => makeThumbnail(image),
    };
  const shrink = thumbnailShrink(image.width, image.height);
  const luma = perceptualSampling(image.width, image.height);
  const hash = createHash('sha256');
  const { shrunk, lumaSums } = rgbaBands(image.rgb, image.width, image.height, (rgba) => hash.update(rgba), {
    shrink,
    luma,
  });
  const size = thumbnailSize(image.width, image.height);
  return {
    pixelSha256: hash.digest('hex'),
    perceptualHash: luma && lumaSums ? perceptualHashOfSums(lumaSums, luma) : perceptualHash(image),
    thumbnail: async () => (shrunk ? encodeJpeg(shrunk, size, THUMBNAIL_JPEG_QUALITY) : makeThumbnail(image)),
  };
}
