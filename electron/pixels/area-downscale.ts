// The luma grid behind the perceptual hash, area-averaged in plain JS from the one decoded buffer: a 32x32 grid
// from sampled cells costs ≈ 1 ms at 1024², less than a round trip of the raw pixels through sharp.
import { colourBytes, type DecodedImage } from './decode';

/** For each output cell, the half-open source range it averages; at least one source pixel even when enlarging. */
function sourceSpans(sourceSize: number, targetSize: number): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(targetSize);
  const end = new Int32Array(targetSize);
  for (let i = 0; i < targetSize; i++) {
    const s = Math.min(sourceSize - 1, Math.floor((i * sourceSize) / targetSize));
    const e = Math.floor(((i + 1) * sourceSize) / targetSize);
    start[i] = s;
    end[i] = Math.max(s + 1, Math.min(sourceSize, e));
  }
  return { start, end };
}

function checkTarget(image: DecodedImage, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`target size must be positive integers, got ${width}x${height}`);
  }
  const { bytes, bytesPerPixel } = colourBytes(image);
  if (bytes.length < image.width * image.height * bytesPerPixel || image.width < 1 || image.height < 1) {
    throw new RangeError(
      `decoded buffer holds ${bytes.length} bytes, too few for ${image.width}x${image.height} ${bytesPerPixel === 3 ? 'RGB' : 'RGBA'}`,
    );
  }
}

/** Area-averaged BT.601 luma (0-255) on a width x height grid, row-major. Alpha is ignored on purpose: Forge's
 *  stealth writer changes alpha LSBs, and the picture a person sees is the colour. `step` > 1 averages every
 *  step-th pixel of every step-th row of each cell: a 2048² image hashed in a quarter of the time, and a
 *  cell mean of 16x16 samples instead of 64x64 moves a DCT perceptual hash by no bit in our tests. */
export function areaLuma(image: DecodedImage, width: number, height: number, step = 1): Float64Array {
  checkTarget(image, width, height);
  const { bytes: src, bytesPerPixel: bpp } = colourBytes(image);
  const cols = sourceSpans(image.width, width);
  const rows = sourceSpans(image.height, height);
  const out = new Float64Array(width * height);
  const stride = image.width * bpp;
  for (let oy = 0; oy < height; oy++) {
    const y0 = rows.start[oy];
    const y1 = rows.end[oy];
    for (let ox = 0; ox < width; ox++) {
      const x0 = cols.start[ox];
      const x1 = cols.end[ox];
      // Integer channel sums, weighted once per cell: the same exact value as summing weighted pixels, in fewer
      // multiplications (this loop is the perceptual hash's whole cost).
      let r = 0;
      let g = 0;
      let b = 0;
      let count = 0;
      const perRow = Math.ceil((x1 - x0) / step);
      for (let y = y0; y < y1; y += step) {
        for (let i = y * stride + x0 * bpp, end = y * stride + x1 * bpp; i < end; i += bpp * step) {
          r += src[i];
          g += src[i + 1];
          b += src[i + 2];
        }
        count += perRow;
      }
      out[oy * width + ox] = (299 * r + 587 * g + 114 * b) / (1000 * count);
    }
  }
  return out;
}

/**
 * Which pixels areaLuma averages for each cell of a width x height grid over an RGB image, so that a walk elsewhere
 * (the index's SIMD walk, wasm/pixel-kernels.ts) can sum exactly the same ones and lumaFromSums gives exactly
 * areaLuma's grid. Null when the source is smaller than the grid (cells would share pixels) or the grid is larger
 * than 254 cells a side.
 */
export interface LumaSampling {
  width: number;
  height: number;
  /** Per source row: its grid row, or 255 when the row is not sampled. */
  rowCell: Uint8Array;
  /** Byte offsets (x * 3) of the sampled columns, grouped by grid column, left to right. */
  columns: Uint32Array;
  /** Per grid column: the end of its offsets in `columns` (its start is the previous column's end). */
  columnEnds: Uint32Array;
  /** Per cell, row-major: how many pixels it averages. */
  counts: Float64Array;
}

export function lumaSampling(
  sourceWidth: number,
  sourceHeight: number,
  width: number,
  height: number,
  step: number,
): LumaSampling | null {
  if (sourceWidth < width || sourceHeight < height || width > 254 || height > 254) return null;
  const cols = sourceSpans(sourceWidth, width);
  const rows = sourceSpans(sourceHeight, height);
  const rowCell = new Uint8Array(sourceHeight).fill(255);
  const sampledRows = new Float64Array(height);
  for (let oy = 0; oy < height; oy++)
    for (let y = rows.start[oy]; y < rows.end[oy]; y += step, sampledRows[oy]++) rowCell[y] = oy;
  const columns: number[] = [];
  const columnEnds = new Uint32Array(width);
  const perRow = new Float64Array(width);
  for (let ox = 0; ox < width; ox++) {
    for (let x = cols.start[ox]; x < cols.end[ox]; x += step) columns.push(x * 3);
    columnEnds[ox] = columns.length;
    perRow[ox] = Math.ceil((cols.end[ox] - cols.start[ox]) / step);
  }
  const counts = new Float64Array(width * height);
  for (let oy = 0; oy < height; oy++)
    for (let ox = 0; ox < width; ox++) counts[oy * width + ox] = perRow[ox] * sampledRows[oy];
  return { width, height, rowCell, columns: Uint32Array.from(columns), columnEnds, counts };
}

/** areaLuma's grid from per-cell R, G, B sums over `sampling`'s pixels (the same arithmetic, so the same values). */
export function lumaFromSums(sums: Uint32Array, sampling: LumaSampling): Float64Array {
  const out = new Float64Array(sampling.width * sampling.height);
  for (let cell = 0; cell < out.length; cell++)
    out[cell] =
      (299 * sums[cell * 3] + 587 * sums[cell * 3 + 1] + 114 * sums[cell * 3 + 2]) / (1000 * sampling.counts[cell]);
  return out;
}
