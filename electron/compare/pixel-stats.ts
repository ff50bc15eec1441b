// Pixel statistics of a pair, always on full-resolution decoded pixels (after the stated resize when the sizes
// differ): never on thumbnails, where a ±1 difference or a changed earring would vanish.
import type { ChangedRegions, PixelStats } from '../../shared/compare';
import type { DecodedImage } from '../pixels/decode';
import { perceptualDistance, perceptualHash } from '../pixels/perceptual-hash';
import { pixelSha256 } from '../pixels/pixel-hash';
import { findChangedRegions } from './changed-regions';
import { measureDelta, psnrFromDelta, type DeltaMeasurement } from './pixel-delta';
import { lumaSsim } from './ssim';

export interface PixelComparison {
  stats: PixelStats;
  delta: DeltaMeasurement;
  regions: ChangedRegions;
}

/** `original*` are the images as decoded (hashes come from them); `matched*` are the same-size pair to measure.
 *  `knownSha256` reuses the pixel hashes inspectImageFile already computed (two SHA-256 passes saved). */
export function measurePixels(
  originalA: DecodedImage,
  originalB: DecodedImage,
  matchedA: DecodedImage,
  matchedB: DecodedImage,
  knownSha256: { a?: string | null; b?: string | null } = {},
): PixelComparison {
  if (matchedA.width !== matchedB.width || matchedA.height !== matchedB.height) {
    throw new RangeError(
      `measurePixels needs a same-size pair, got ${matchedA.width}x${matchedA.height} and ${matchedB.width}x${matchedB.height}`,
    );
  }
  const { width, height } = matchedA;
  const delta = measureDelta(matchedA.data, matchedB.data, width, height);
  const sha256A = knownSha256.a ?? pixelSha256(originalA.data.subarray(0, originalA.width * originalA.height * 4));
  const sha256B = knownSha256.b ?? pixelSha256(originalB.data.subarray(0, originalB.width * originalB.height * 4));
  const sameSize = originalA.width === originalB.width && originalA.height === originalB.height;
  const identical = sameSize && delta.changedPixels === 0;
  const ssim = delta.sumSquaredRgb === 0 ? { mean: 1, min: 1 } : lumaSsim(matchedA.data, matchedB.data, width, height);
  // Hashed on the measured pair: for a crop that is the aligned overlap, where the whole larger image would
  // compare a different composition (a 700x600 crop of a 1024² image sat 26 bits from it).
  const perceptualHashA = perceptualHash(matchedA);
  const perceptualHashB = perceptualHash(matchedB);
  const totalPixels = width * height;
  const stats: PixelStats = {
    width,
    height,
    totalPixels,
    sha256A,
    sha256B,
    identical,
    changedPixels: delta.changedPixels,
    changedRatio: delta.changedPixels / totalPixels,
    alphaOnlyChangedPixels: delta.alphaOnlyChangedPixels,
    maxDelta: delta.maxDelta,
    meanDelta: delta.sumAbsRgb / (3 * totalPixels),
    psnr: psnrFromDelta(delta),
    ssim: round(ssim.mean, 6),
    ssimMin: round(ssim.min, 6),
    deltaHistogram: delta.histogram,
    perceptualHashA,
    perceptualHashB,
    perceptualDistance: perceptualDistance(perceptualHashA, perceptualHashB),
  };
  return { stats, delta, regions: findChangedRegions(delta) };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
