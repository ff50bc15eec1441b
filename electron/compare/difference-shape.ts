// The shape of a difference, which is what tells its causes apart once the statistics say "small": compression
// error lines up with the codec's 8x8 blocks, a levels or colour-profile edit moves every pixel the same way, and
// GPU nondeterminism is signed noise with neither property. Measured on evenly spread 8-row bands of the aligned pair
// (at most ~262k pixels), only when it differs.
import type { DifferenceShape } from './culprits/culprit-rule';
import { uint32View } from './pixel-delta';

/** A shift is uniform when this share of pixels changed ... */
const UNIFORM_MIN_CHANGED = 0.9;
/** ... and the signed mean carries at least this share of the mean absolute difference (no cancelling signs). */
const UNIFORM_MIN_SIGN_SHARE = 0.9;

/** Rows measured at most: whole 8-row block bands spread evenly over the image, so a 2048² pair costs a sixteenth
 *  of a pass (the full pass added 80 ms CPU there) and the figures still cover the whole picture. */
const MAX_SAMPLED_PIXELS = 262_144;

export function measureDifferenceShape(a: Uint8Array, b: Uint8Array, width: number, height: number): DifferenceShape {
  const wa = uint32View(a);
  const wb = uint32View(b);
  const bands = Math.ceil(height / 8);
  const bandStride = Math.max(1, Math.ceil((bands * 8 * width) / MAX_SAMPLED_PIXELS));
  const signed = [0, 0, 0];
  const absolute = [0, 0, 0];
  let changed = 0;
  let sampled = 0;
  const jumps = { border: 0, borderCount: 0, inner: 0, innerCount: 0 };
  // Luma difference (x1000, integer) of one band's rows plus the row below it (the border jump into the next band).
  const rows = new Int32Array(9 * width);
  for (let band = 0; band < bands; band += bandStride) {
    const y0 = band * 8;
    const y1 = Math.min(height, y0 + 9);
    for (let y = y0; y < y1; y++) {
      const out = (y - y0) * width;
      const counted = y < y0 + 8;
      for (let x = 0, i = y * width; x < width; x++, i++) {
        const p = wa[i];
        const q = wb[i];
        if (p === q) {
          rows[out + x] = 0;
          if (counted) sampled++;
          continue;
        }
        const dr = (q & 255) - (p & 255);
        const dg = ((q >>> 8) & 255) - ((p >>> 8) & 255);
        const db = ((q >>> 16) & 255) - ((p >>> 16) & 255);
        rows[out + x] = 299 * dr + 587 * dg + 114 * db;
        if (!counted) continue;
        sampled++;
        if ((dr | dg | db) !== 0) changed++;
        signed[0] += dr;
        signed[1] += dg;
        signed[2] += db;
        absolute[0] += dr < 0 ? -dr : dr;
        absolute[1] += dg < 0 ? -dg : dg;
        absolute[2] += db < 0 ? -db : db;
      }
    }
    addJumps(rows, width, y1 - y0, jumps);
  }
  const meanSigned = signed.map((v) => round(v / sampled, 3)) as [number, number, number];
  const sumSigned = Math.abs(signed[0] + signed[1] + signed[2]);
  const sumAbsolute = absolute[0] + absolute[1] + absolute[2];
  const sameSign = signed.every((v) => v >= 0) || signed.every((v) => v <= 0);
  const uniformShift =
    changed / sampled >= UNIFORM_MIN_CHANGED &&
    sameSign &&
    sumAbsolute > 0 &&
    sumSigned >= UNIFORM_MIN_SIGN_SHARE * sumAbsolute;
  // Too small to hold whole blocks, or nothing moved: no ratio. Jumps only at borders: as blocky as it gets.
  let blockBoundaryRatio: number | null = null;
  if (width >= 32 && height >= 32 && jumps.border + jumps.inner > 0) {
    blockBoundaryRatio =
      jumps.inner === 0 ? 99 : round(jumps.border / jumps.borderCount / (jumps.inner / jumps.innerCount), 3);
  }
  return { meanSigned, uniformShift, blockBoundaryRatio };
}

/**
 * Jumps of the difference across 8-pixel block borders and inside blocks, for one band (`count` rows: 8, plus the
 * first row of the next band when there is one). JPEG quantises each 8x8 block on its own, so its error jumps at
 * block borders: a 1024² corpus PNG re-encoded by sharp measured 1.19 at quality 60 and 1.29 at 40, but 1.05 at 85
 * and 0.93 at 95 (little block structure is left at high qualities), so the ratio is evidence to quote, not a gate.
 */
function addJumps(
  rows: Int32Array,
  width: number,
  count: number,
  into: { border: number; borderCount: number; inner: number; innerCount: number },
): void {
  for (let r = 0; r < Math.min(count, 8); r++) {
    const row = r * width;
    for (let x = 0; x + 1 < width; x++) {
      const jump = Math.abs(rows[row + x + 1] - rows[row + x]);
      if ((x & 7) === 7) {
        into.border += jump;
        into.borderCount++;
      } else {
        into.inner += jump;
        into.innerCount++;
      }
    }
    if (r + 1 >= count) continue;
    const next = row + width;
    for (let x = 0; x < width; x++) {
      const jump = Math.abs(rows[next + x] - rows[row + x]);
      if (r === 7) {
        into.border += jump;
        into.borderCount++;
      } else {
        into.inner += jump;
        into.innerCount++;
      }
    }
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
