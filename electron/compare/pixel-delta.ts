// Exact per-pixel difference of two same-size RGBA buffers. Every difference counts, ±1 included: pixelmatch and
// odiff at default thresholds reported 0 differences on a pair where 66% of pixels differed by ±2
// (performance-notes.md). Equal pixels take a Uint32 fast path (one compare per pixel), which is why an
// identical or nearly identical pair costs little more than reading the memory.

export interface DeltaMeasurement {
  width: number;
  height: number;
  changedPixels: number;
  alphaOnlyChangedPixels: number;
  maxDelta: number;
  /** Sum of |dR|+|dG|+|dB| and of their squares, over every pixel. */
  sumAbsRgb: number;
  sumSquaredRgb: number;
  /** Changed pixels by largest channel delta: [1, 2-3, 4-7, 8-15, 16-31, 32-63, 64-127, 128-255]. */
  histogram: number[];
  /** Largest channel delta of each pixel, row-major; 0 where equal. */
  deltaMap: Uint8Array;
  /** Changed-pixel count and largest delta per grid cell (cellSize x cellSize pixels). */
  cellSize: number;
  gridWidth: number;
  gridHeight: number;
  cellChanged: Uint32Array;
  cellMaxDelta: Uint8Array;
}

/** Channel lanes are read from Uint32 words as R = bits 0-7 ... A = bits 24-31, which holds on little-endian CPUs:
 *  every platform Electron and sharp ship for (x64, arm64). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
if (!LITTLE_ENDIAN)
  throw new Error('the compare engine reads RGBA pixels as little-endian 32-bit words; this CPU is big-endian');

/** A Uint32 view needs 4-byte alignment; Buffers cut from Node's pool may not have it, so copy those. */
export function uint32View(bytes: Uint8Array): Uint32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
}

/** Cells small enough to outline a changed earring, coarse enough that the grid stays ≤ ~128 cells a side. */
export function regionCellSize(width: number, height: number): number {
  let size = 4;
  while (Math.max(width, height) / size > 128) size *= 2;
  return size;
}

export function measureDelta(a: Uint8Array, b: Uint8Array, width: number, height: number): DeltaMeasurement {
  const pixels = width * height;
  if (a.length < pixels * 4 || b.length < pixels * 4) {
    throw new RangeError(`RGBA buffers of ${a.length} and ${b.length} bytes are too small for ${width}x${height}`);
  }
  const cellSize = regionCellSize(width, height);
  const shift = Math.log2(cellSize);
  const gridWidth = Math.ceil(width / cellSize);
  const gridHeight = Math.ceil(height / cellSize);
  const cellChanged = new Uint32Array(gridWidth * gridHeight);
  const cellMaxDelta = new Uint8Array(gridWidth * gridHeight);
  const deltaMap = new Uint8Array(pixels);
  const histogram = new Float64Array(8);
  const wordsA = uint32View(a);
  const wordsB = uint32View(b);
  let changed = 0;
  let alphaOnly = 0;
  let maxDelta = 0;
  let sumAbs = 0;
  let sumSquared = 0;
  for (let y = 0; y < height; y++) {
    const rowStart = y * width;
    const cellRow = (y >> shift) * gridWidth;
    for (let x = 0; x < width; x++) {
      const i = rowStart + x;
      const wa = wordsA[i];
      const wb = wordsB[i];
      if (wa === wb) continue;
      // Channels straight from the words already loaded (byte order does not matter: each lane is one channel).
      let dr = (wa & 255) - (wb & 255);
      let dg = ((wa >>> 8) & 255) - ((wb >>> 8) & 255);
      let db = ((wa >>> 16) & 255) - ((wb >>> 16) & 255);
      let da = (wa >>> 24) - (wb >>> 24);
      if (dr < 0) dr = -dr;
      if (dg < 0) dg = -dg;
      if (db < 0) db = -db;
      if (da < 0) da = -da;
      // biome-ignore lint/complexity/useMathMinMax: the per-pixel hot loop of every compare; plain comparisons, no call
      let d = dr > dg ? dr : dg;
      if (db > d) d = db;
      if (da > d) d = da;
      changed++;
      if ((dr | dg | db) === 0) alphaOnly++;
      sumAbs += dr + dg + db;
      sumSquared += dr * dr + dg * dg + db * db;
      if (d > maxDelta) maxDelta = d;
      deltaMap[i] = d;
      histogram[31 - Math.clz32(d)]++;
      const cell = cellRow + (x >> shift);
      cellChanged[cell]++;
      if (d > cellMaxDelta[cell]) cellMaxDelta[cell] = d;
    }
  }
  return {
    width,
    height,
    changedPixels: changed,
    alphaOnlyChangedPixels: alphaOnly,
    maxDelta,
    sumAbsRgb: sumAbs,
    sumSquaredRgb: sumSquared,
    histogram: Array.from(histogram),
    deltaMap,
    cellSize,
    gridWidth,
    gridHeight,
    cellChanged,
    cellMaxDelta,
  };
}

/** PSNR over R, G, B in dB, rounded to 0.01; null when the colour is identical (the true value is infinite). */
export function psnrFromDelta(delta: DeltaMeasurement): number | null {
  if (delta.sumSquaredRgb === 0) return null;
  const mse = delta.sumSquaredRgb / (3 * delta.width * delta.height);
  return Math.round(1000 * Math.log10((255 * 255) / mse)) / 100;
}
