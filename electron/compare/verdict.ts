// The verdict ladder. Thresholds are stated in every result. Visually identical: SSIM at or above 0.99 (where the
// ±1 noise of GPU nondeterminism sits on smooth diffusion output) and no channel off by more than 8/255, a step
// too small to see in a side-by-side view. Similar: the same composition, judged by the perceptual hash (re-encodes
// and resizes land within 10 of 64 bits; unrelated pictures near 32) or by SSIM at or above 0.6.
import type { PixelStats, Verdict, VerdictThresholds } from '../../shared/compare';

export const VERDICT_THRESHOLDS: VerdictThresholds = {
  visuallyIdenticalMinSsim: 0.99,
  visuallyIdenticalMaxDelta: 8,
  similarMaxHashBits: 10,
  similarMinSsim: 0.6,
};

export function decideVerdict(
  pixel: PixelStats,
  sizesDiffer: boolean,
  t: VerdictThresholds = VERDICT_THRESHOLDS,
): { verdict: Verdict; reason: string } {
  const pct = `${(pixel.changedRatio * 100).toFixed(pixel.changedRatio < 0.001 ? 4 : 2)}%`;
  if (pixel.identical)
    return { verdict: 'bit-identical', reason: 'decoded pixels are identical (same SHA-256 of the RGBA pixels)' };
  const ssim = pixel.ssim.toFixed(4);
  if (!sizesDiffer && pixel.ssim >= t.visuallyIdenticalMinSsim && pixel.maxDelta <= t.visuallyIdenticalMaxDelta) {
    return {
      verdict: 'visually-identical',
      reason: `${pixel.changedPixels} pixels (${pct}) differ, by at most ${pixel.maxDelta}/255; SSIM ${ssim} >= ${t.visuallyIdenticalMinSsim} and max delta <= ${t.visuallyIdenticalMaxDelta}`,
    };
  }
  const sizeNote = sizesDiffer ? ' (sizes differ, so at best similar)' : '';
  if (pixel.perceptualDistance <= t.similarMaxHashBits || pixel.ssim >= t.similarMinSsim) {
    return {
      verdict: 'similar',
      reason: `same composition${sizeNote}: perceptual hashes ${pixel.perceptualDistance}/64 bits apart (<= ${t.similarMaxHashBits}) or SSIM ${ssim} >= ${t.similarMinSsim}; ${pct} of pixels differ, max delta ${pixel.maxDelta}`,
    };
  }
  return {
    verdict: 'different',
    reason: `different pictures${sizeNote}: perceptual hashes ${pixel.perceptualDistance}/64 bits apart (> ${t.similarMaxHashBits}) and SSIM ${ssim} < ${t.similarMinSsim}`,
  };
}
