// When two images have different sizes, find how one maps onto the other before measuring: the smaller one cut out
// of the larger (a crop at the same scale), or the whole picture resampled (an upscale or downscale outside the
// generator). Runs only when sizes differ, and is bounded for big images: the crop offset is searched exhaustively
// on a pyramid of 2x2-averaged luma grids (the coarsest no larger than 64 cells a side), then refined level by
// level (±2 cells at each halving) down to full resolution, where the sum of differences is taken on at most ~262k sampled pixels. The pixel
// statistics are then measured on the aligned overlap, never on a stretched copy.
import type { Alignment } from '../../shared/compare';
import { areaLuma } from '../pixels/area-downscale';
import { colourBytes, type DecodedImage } from '../pixels/decode';

/** The coarsest grid's longer side, in cells: an exhaustive offset search there costs at most ~1M cell visits. */
const COARSE_SIDE = 64;
/** Samples per candidate offset at full resolution. */
const FULL_RES_SAMPLES = 262_144;
/** Coarse candidates refined: the best few, so one misleading coarse minimum (a flat sky) cannot win alone. */
const CANDIDATES = 3;
/** A fit is accepted when block-mean luma differs by at most this much (0-255) on average. Re-encodes and
 *  resampling stay under 3 on our corpus pairs; unrelated pictures sit above 20. */
export const MAX_SEARCH_ERROR = 8;
/** Aspect ratios within this fraction count as one scale (rounding of odd sizes: 832x1216 x1.5 = 1248x1824). */
const ASPECT_TOLERANCE = 0.01;

interface Grid {
  width: number;
  height: number;
  luma: Float32Array;
}

/** Luma averaged on exact 2x2 blocks (a remainder column/row is dropped): one pass over the pixels. */
function halfLuma(image: DecodedImage): Grid {
  const width = image.width >> 1;
  const height = image.height >> 1;
  const { bytes, bytesPerPixel: bpp } = colourBytes(image);
  const luma = new Float32Array(width * height);
  const row = image.width * bpp;
  for (let gy = 0; gy < height; gy++) {
    for (let gx = 0; gx < width; gx++) {
      const i = 2 * gy * row + 2 * gx * bpp;
      const j = i + row;
      const sum =
        299 * (bytes[i] + bytes[i + bpp] + bytes[j] + bytes[j + bpp]) +
        587 * (bytes[i + 1] + bytes[i + bpp + 1] + bytes[j + 1] + bytes[j + bpp + 1]) +
        114 * (bytes[i + 2] + bytes[i + bpp + 2] + bytes[j + 2] + bytes[j + bpp + 2]);
      luma[gy * width + gx] = sum / 4000;
    }
  }
  return { width, height, luma };
}

function halve(grid: Grid): Grid {
  const width = grid.width >> 1;
  const height = grid.height >> 1;
  const luma = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 2 * y * grid.width + 2 * x;
      luma[y * width + x] =
        (grid.luma[i] + grid.luma[i + 1] + grid.luma[i + grid.width] + grid.luma[i + grid.width + 1]) / 4;
    }
  }
  return { width, height, luma };
}

/** Grids at factors 2, 4, ... `factor` (index k holds factor 2^(k+1)): block k at (i, j) covers exactly the
 *  pixels [i*2^(k+1), (i+1)*2^(k+1)), so grids of both images line up whenever the offset is a multiple. */
function pyramid(image: DecodedImage, factor: number): Grid[] {
  const levels = [halfLuma(image)];
  for (let f = 4; f <= factor; f *= 2) levels.push(halve(levels[levels.length - 1]));
  return levels;
}

/** Mean absolute difference of the small grid against the large grid at offset (dx, dy); stops early past `limit`. */
function gridError(large: Grid, small: Grid, dx: number, dy: number, limit = Number.POSITIVE_INFINITY): number {
  const cap = limit * small.width * small.height;
  let sum = 0;
  for (let y = 0; y < small.height; y++) {
    const lr = (y + dy) * large.width + dx;
    const sr = y * small.width;
    for (let x = 0; x < small.width; x++) sum += Math.abs(large.luma[lr + x] - small.luma[sr + x]);
    if (sum > cap) return Number.POSITIVE_INFINITY;
  }
  return sum / (small.width * small.height);
}

/** Full-resolution mean absolute luma difference of `small` placed at (dx, dy) in `large`, on a sample lattice. */
function pixelError(large: DecodedImage, small: DecodedImage, dx: number, dy: number): number {
  const L = colourBytes(large);
  const S = colourBytes(small);
  const step = Math.max(1, Math.ceil(Math.sqrt((small.width * small.height) / FULL_RES_SAMPLES)));
  let sum = 0;
  let n = 0;
  for (let y = 0; y < small.height; y += step) {
    for (let x = 0; x < small.width; x += step) {
      const i = ((y + dy) * large.width + x + dx) * L.bytesPerPixel;
      const j = (y * small.width + x) * S.bytesPerPixel;
      const la = 299 * L.bytes[i] + 587 * L.bytes[i + 1] + 114 * L.bytes[i + 2];
      const lb = 299 * S.bytes[j] + 587 * S.bytes[j + 1] + 114 * S.bytes[j + 2];
      sum += Math.abs(la - lb);
      n++;
    }
  }
  return sum / (1000 * n);
}

interface Fit {
  dx: number;
  dy: number;
  error: number;
}

function coarseFits(large: Grid, small: Grid): Fit[] {
  const best: Fit[] = [];
  for (let dy = 0; dy + small.height <= large.height; dy++) {
    for (let dx = 0; dx + small.width <= large.width; dx++) {
      const limit = best.length < CANDIDATES ? Number.POSITIVE_INFINITY : best[best.length - 1].error;
      const error = gridError(large, small, dx, dy, limit);
      if (error >= limit) continue;
      best.push({ dx, dy, error });
      best.sort((p, q) => p.error - q.error);
      if (best.length > CANDIDATES) best.pop();
    }
  }
  return best;
}

/** Best fit within ±2 cells of (cx, cy), clamped to offsets where the small image fits. */
function refine(maxX: number, maxY: number, cx: number, cy: number, error: (dx: number, dy: number) => number): Fit {
  let best: Fit = { dx: cx, dy: cy, error: Number.POSITIVE_INFINITY };
  for (let dy = Math.max(0, cy - 2); dy <= Math.min(maxY, cy + 2); dy++) {
    for (let dx = Math.max(0, cx - 2); dx <= Math.min(maxX, cx + 2); dx++) {
      const e = error(dx, dy);
      if (e < best.error) best = { dx, dy, error: e };
    }
  }
  return best;
}

/** The best crop offset of `small` in `large`: exhaustive on the coarsest grid, then ±2 cells per halving. Refinement
 *  runs only when the coarse fit is plausible (`refineBelow`), so an upscale pays for one coarse search alone. */
function findCrop(large: DecodedImage, small: DecodedImage, factor: number, refineBelow: number): Fit | null {
  if (small.width > large.width || small.height > large.height || factor < 2) return null;
  const maxX = large.width - small.width;
  const maxY = large.height - small.height;
  const largeLevels = pyramid(large, factor);
  const smallLevels = pyramid(small, factor);
  const top = largeLevels.length - 1;
  if (smallLevels[top].width < 4 || smallLevels[top].height < 4) return null;
  let fits = coarseFits(largeLevels[top], smallLevels[top]);
  if (!fits.length || fits[0].error > refineBelow) return fits[0] ?? null;
  for (let level = top - 1; level >= 0; level--) {
    const lg = largeLevels[level];
    const sg = smallLevels[level];
    fits = fits.map((fit) =>
      refine(lg.width - sg.width, lg.height - sg.height, fit.dx * 2, fit.dy * 2, (dx, dy) => gridError(lg, sg, dx, dy)),
    );
    // Past the first refinement one candidate is enough: the finer grids tell the near-ties apart.
    fits = [fits.sort((p, q) => p.error - q.error)[0]];
  }
  return refine(maxX, maxY, fits[0].dx * 2, fits[0].dy * 2, (dx, dy) => pixelError(large, small, dx, dy));
}

/** Both images area-averaged to the same grid: the whole picture resampled, whatever the kernel was. */
function scaleError(large: DecodedImage, small: DecodedImage, factor: number): number | null {
  const aspectLarge = large.width / large.height;
  const aspectSmall = small.width / small.height;
  if (Math.abs(aspectLarge / aspectSmall - 1) > ASPECT_TOLERANCE) return null;
  const width = Math.max(4, Math.round(small.width / factor));
  const height = Math.max(4, Math.round(small.height / factor));
  const sampleStep = (image: DecodedImage) => Math.max(1, Math.floor(image.width / width / 4));
  const l = areaLuma(large, width, height, sampleStep(large));
  const s = areaLuma(small, width, height, sampleStep(small));
  let sum = 0;
  for (let i = 0; i < l.length; i++) sum += Math.abs(l[i] - s[i]);
  return sum / l.length;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** How the smaller image maps onto the larger, or null when neither a crop nor a uniform scale fits. */
export function alignImages(a: DecodedImage, b: DecodedImage): Alignment | null {
  if (a.width === b.width && a.height === b.height) return null;
  const larger: 'a' | 'b' = a.width * a.height >= b.width * b.height ? 'a' : 'b';
  const [large, small] = larger === 'a' ? [a, b] : [b, a];
  let factor = 2;
  while (Math.max(large.width, large.height) / factor > COARSE_SIDE) factor *= 2;
  const scale = scaleError(large, small, factor);
  const crop = findCrop(large, small, factor, Math.min(2 * MAX_SEARCH_ERROR, scale ?? Number.POSITIVE_INFINITY));
  const cropWins = crop !== null && crop.error <= MAX_SEARCH_ERROR && (scale === null || crop.error <= scale);
  const name = larger.toUpperCase();
  const other = larger === 'a' ? 'B' : 'A';
  if (cropWins && crop) {
    const box = { x: crop.dx, y: crop.dy, width: small.width, height: small.height };
    return {
      kind: 'crop',
      larger,
      box,
      scaleX: 1,
      scaleY: 1,
      searchError: round(crop.error, 3),
      note: `${other} (${small.width}x${small.height}) is a crop of ${name} (${large.width}x${large.height}) at x ${box.x}, y ${box.y}; measured on that box, no resampling`,
    };
  }
  if (scale !== null && scale <= MAX_SEARCH_ERROR) {
    const scaleX = round(large.width / small.width, 4);
    const scaleY = round(large.height / small.height, 4);
    return {
      kind: 'scale',
      larger,
      box: null,
      scaleX,
      scaleY,
      searchError: round(scale, 3),
      note: `${name} (${large.width}x${large.height}) is ${other} (${small.width}x${small.height}) scaled x${scaleX}${scaleX !== scaleY ? ` by x${scaleY}` : ''}; measured after shrinking ${name} to ${other}'s size`,
    };
  }
  return null;
}

/** The box of `image` as its own RGBA image (rows copied, no resampling). */
export function cropImage(
  image: DecodedImage,
  box: { x: number; y: number; width: number; height: number },
): DecodedImage {
  const src = image.data;
  const out = Buffer.allocUnsafe(box.width * box.height * 4);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * image.width + box.x) * 4;
    src.copy(out, y * box.width * 4, from, from + box.width * 4);
  }
  return { data: out, width: box.width, height: box.height, channels: 4, hadAlpha: image.hadAlpha };
}
