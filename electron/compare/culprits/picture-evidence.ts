// What the pixels say about a pair, in the terms the evidence rules share: the same picture or clearly another one,
// small deltas everywhere or one reworked area, and the figures each of those rests on, ready to quote.
import type { CulpritEvidence, PixelStats } from '../../../shared/compare';
import type { PairFacts } from './culprit-rule';

/** The same picture: structure kept (SSIM) and the composition's low frequencies within a few bits. Re-encodes
 *  down to JPEG quality 40, WebP/AVIF defaults, x1.5-x2 rescales and GPU noise all stay inside both in our tests. */
export const SAME_PICTURE = { minSsim: 0.85, maxHashBits: 8 } as const;
/** Clearly another picture: the verdict ladder's "different" (hashes far apart and SSIM low). */
export const OTHER_PICTURE = { maxSsim: 0.6, minHashBits: 10 } as const;
/** Small deltas: what kernel-level GPU nondeterminism leaves on diffusion output (mean under 3/255). */
export const SMALL_DELTAS = { maxMean: 3, minSsim: 0.95, maxHashBits: 4 } as const;
/** One reworked area (face restoration, a detailer, inpainting): large deltas whose changed pixels sit almost all in
 *  one region covering at most half the picture. */
export const LOCAL_REWORK = { minMaxDelta: 24, minShareInRegion: 0.9, maxRegionArea: 0.5 } as const;
/** JPEG error lines up with 8x8 blocks: at or above this border/inner jump ratio the evidence row says so (sharp's
 *  quality 60 and below measured 1.19-1.29; high qualities leave little block structure, see difference-shape.ts). */
export const BLOCKY_RATIO = 1.15;

export function samePicture(p: PixelStats): boolean {
  return p.ssim >= SAME_PICTURE.minSsim && p.perceptualDistance <= SAME_PICTURE.maxHashBits;
}

export function otherPicture(p: PixelStats): boolean {
  return p.ssim < OTHER_PICTURE.maxSsim && p.perceptualDistance > OTHER_PICTURE.minHashBits;
}

export function smallDeltas(p: PixelStats): boolean {
  return (
    p.meanDelta <= SMALL_DELTAS.maxMean &&
    p.ssim >= SMALL_DELTAS.minSsim &&
    p.perceptualDistance <= SMALL_DELTAS.maxHashBits
  );
}

/** The largest changed region, when it holds nearly all changed pixels of a large-delta difference. */
export function localRework(
  facts: PairFacts,
): { x: number; y: number; width: number; height: number; share: number } | null {
  const { pixel, regions } = facts;
  const top = regions.boxes[0];
  if (!top || pixel.changedPixels === 0 || top.maxDelta < LOCAL_REWORK.minMaxDelta) return null;
  const share = top.changedPixels / pixel.changedPixels;
  const area = (top.width * top.height) / pixel.totalPixels;
  if (share < LOCAL_REWORK.minShareInRegion || area > LOCAL_REWORK.maxRegionArea) return null;
  return { x: top.x, y: top.y, width: top.width, height: top.height, share };
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.01 ? 3 : 1)}%`;
}

/** The similarity figures every pixel-based culprit quotes. */
export function similarityEvidence(p: PixelStats): CulpritEvidence[] {
  return [
    { label: 'SSIM', value: p.ssim.toFixed(4) },
    { label: 'perceptual hash distance', value: `${p.perceptualDistance}/64 bits` },
    { label: 'changed pixels', value: `${p.changedPixels.toLocaleString('en-US')} (${percent(p.changedRatio)})` },
    { label: 'mean / max delta', value: `${p.meanDelta.toFixed(2)} / ${p.maxDelta} (of 255)` },
  ];
}

export function sizeText(size: { width: number; height: number }): string {
  return `${size.width}x${size.height}`;
}
