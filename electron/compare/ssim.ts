// SSIM of luma at full resolution, on 8x8 windows at a stride of 4 pixels. Sums are gathered once per 4x4 cell and
// each window adds four cells, so the cost is one pass over the pixels (≈ 10 ms at 1024² here) where ssim.js took
// 0.5-2.4 s (performance-notes.md). Constants are Wang et al.'s: K1 = 0.01, K2 = 0.03, L = 255.

import { uint32View } from './pixel-delta';

const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

export interface SsimResult {
  mean: number;
  min: number;
  windows: number;
}

function windowSsim(n: number, sa: number, sb: number, saa: number, sbb: number, sab: number): number {
  const ma = sa / n;
  const mb = sb / n;
  const va = Math.max(0, saa / n - ma * ma);
  const vb = Math.max(0, sbb / n - mb * mb);
  const cov = sab / n - ma * mb;
  return ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
}

/** Whole-image SSIM for pictures smaller than one 8x8 window. */
function singleWindow(a: Uint8Array, b: Uint8Array, width: number, height: number): SsimResult {
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0, p = 0; i < width * height; i++, p += 4) {
    const la = 0.299 * a[p] + 0.587 * a[p + 1] + 0.114 * a[p + 2];
    const lb = 0.299 * b[p] + 0.587 * b[p + 1] + 0.114 * b[p + 2];
    sa += la;
    sb += lb;
    saa += la * la;
    sbb += lb * lb;
    sab += la * lb;
  }
  const s = windowSsim(width * height, sa, sb, saa, sbb, sab);
  return { mean: s, min: s, windows: 1 };
}

/** Pixels right of or below the last whole 4x4 cell (at most 3 columns/rows) are not in any window. */
export function lumaSsim(a: Uint8Array, b: Uint8Array, width: number, height: number): SsimResult {
  if (width < 8 || height < 8) return singleWindow(a, b, width, height);
  const gw = width >> 2;
  const gh = height >> 2;
  const cells = gw * gh;
  const SA = new Float64Array(cells);
  const SB = new Float64Array(cells);
  const SAA = new Float64Array(cells);
  const SBB = new Float64Array(cells);
  const SAB = new Float64Array(cells);
  const wordsA = uint32View(a);
  const wordsB = uint32View(b);
  for (let y = 0; y < gh * 4; y++) {
    const cellRow = (y >> 2) * gw;
    let i = y * width;
    for (let cx = 0; cx < gw; cx++) {
      let sa = 0;
      let sb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let k = 0; k < 4; k++, i++) {
        const wa = wordsA[i];
        const wb = wordsB[i];
        const la = 0.299 * (wa & 255) + 0.587 * ((wa >>> 8) & 255) + 0.114 * ((wa >>> 16) & 255);
        // Equal pixels (most of a near-identical pair) need one luma, not two.
        const lb = wa === wb ? la : 0.299 * (wb & 255) + 0.587 * ((wb >>> 8) & 255) + 0.114 * ((wb >>> 16) & 255);
        sa += la;
        sb += lb;
        saa += la * la;
        sbb += lb * lb;
        sab += la * lb;
      }
      const c = cellRow + cx;
      SA[c] += sa;
      SB[c] += sb;
      SAA[c] += saa;
      SBB[c] += sbb;
      SAB[c] += sab;
    }
  }
  let total = 0;
  let min = 1;
  let windows = 0;
  for (let cy = 0; cy + 1 < gh; cy++) {
    for (let cx = 0; cx + 1 < gw; cx++) {
      const c0 = cy * gw + cx;
      const c1 = c0 + 1;
      const c2 = c0 + gw;
      const c3 = c2 + 1;
      const s = windowSsim(
        64,
        SA[c0] + SA[c1] + SA[c2] + SA[c3],
        SB[c0] + SB[c1] + SB[c2] + SB[c3],
        SAA[c0] + SAA[c1] + SAA[c2] + SAA[c3],
        SBB[c0] + SBB[c1] + SBB[c2] + SBB[c3],
        SAB[c0] + SAB[c1] + SAB[c2] + SAB[c3],
      );
      total += s;
      if (s < min) min = s;
      windows++;
    }
  }
  return { mean: total / windows, min, windows };
}
