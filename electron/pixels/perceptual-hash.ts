// A 64-bit DCT perceptual hash (the classic pHash construction): area-average the decoded pixels to 32x32 luma,
// take the 8x8 lowest DCT frequencies, and set one bit per coefficient above their median. Low frequencies
// survive JPEG re-encoding, resizing and metadata stripping, so re-saved copies land within a few bits while
// different compositions sit near 32 bits apart (the expectation for unrelated images).
import { areaLuma, type LumaSampling, lumaFromSums, lumaSampling } from './area-downscale';
import type { DecodedImage } from './decode';

const GRID = 32;
const LOW = 8;
/** Hex digits in a hash: 64 bits. */
const PERCEPTUAL_HASH_HEX_LENGTH = (LOW * LOW) / 4;
/** Distances at or below this many bits mean "the same picture" (re-encode, resize, strip) in our tests. */
export const NEAR_DUPLICATE_BITS = 10;

let cosTable: Float64Array | null = null;
function dctCos(): Float64Array {
  if (cosTable) return cosTable;
  cosTable = new Float64Array(LOW * GRID);
  for (let u = 0; u < LOW; u++) {
    for (let x = 0; x < GRID; x++) cosTable[u * GRID + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * GRID));
  }
  return cosTable;
}

/** The 8x8 lowest DCT-II coefficients of a 32x32 grid (unnormalised: only their order matters). */
function lowFrequencies(grid: Float64Array): Float64Array {
  const cos = dctCos();
  const rowPass = new Float64Array(GRID * LOW);
  for (let y = 0; y < GRID; y++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let x = 0; x < GRID; x++) s += grid[y * GRID + x] * cos[u * GRID + x];
      rowPass[y * LOW + u] = s;
    }
  }
  const out = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let y = 0; y < GRID; y++) s += rowPass[y * LOW + u] * cos[v * GRID + y];
      out[v * LOW + u] = s;
    }
  }
  return out;
}

/** 16 lowercase hex digits. Bit order: coefficient (v, u) row-major, most significant bit first. */
export function perceptualHash(image: DecodedImage): string {
  return perceptualHashOfGrid(areaLuma(image, GRID, GRID, perceptualSampleStep(image.width, image.height)));
}

/** The pixels perceptualHash averages in a width x height image (null where only areaLuma itself applies). */
export function perceptualSampling(width: number, height: number): LumaSampling | null {
  return lumaSampling(width, height, GRID, GRID, perceptualSampleStep(width, height));
}

/** perceptualHash from the per-cell R, G, B sums over perceptualSampling's pixels: the same hash. */
export function perceptualHashOfSums(sums: Uint32Array, sampling: LumaSampling): string {
  return perceptualHashOfGrid(lumaFromSums(sums, sampling));
}

/** At least 16x16 samples per cell: enough for a mean, and the hash of a 2048² image stops costing 30 ms. */
function perceptualSampleStep(width: number, height: number): number {
  return Math.max(1, Math.floor(Math.min(width, height) / GRID / 16));
}

function perceptualHashOfGrid(grid: Float64Array): string {
  const coefficients = lowFrequencies(grid);
  // The DC term is the mean brightness; leaving it out of the median keeps one bright image from shifting every bit.
  const sorted = Array.from(coefficients.subarray(1)).sort((a, b) => a - b);
  const median = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
  let hex = '';
  for (let nibble = 0; nibble < PERCEPTUAL_HASH_HEX_LENGTH; nibble++) {
    let value = 0;
    for (let bit = 0; bit < 4; bit++) value = (value << 1) | (coefficients[nibble * 4 + bit] > median ? 1 : 0);
    hex += value.toString(16);
  }
  return hex;
}

const POPCOUNT4 = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** Hamming distance in bits between two hashes from perceptualHash. Throws RangeError on hashes of different
 *  lengths or non-hex text: comparing hashes of different kinds has no meaning. */
export function perceptualDistance(a: string, b: string): number {
  if (a.length !== b.length)
    throw new RangeError(`perceptual hashes differ in length (${a.length} vs ${b.length} hex digits)`);
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    const x = parseInt(a[i], 16);
    const y = parseInt(b[i], 16);
    if (Number.isNaN(x) || Number.isNaN(y)) throw new RangeError(`not a hex perceptual hash: "${a}" / "${b}"`);
    bits += POPCOUNT4[x ^ y];
  }
  return bits;
}
