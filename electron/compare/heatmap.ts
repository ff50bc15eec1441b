// The difference heatmap: every pixel coloured by its largest channel difference on the inferno scale (perceptually
// uniform, readable in greyscale and by colour-blind readers). The scale is logarithmic from 1 to the largest
// difference in the pair, so a ±1 difference from GPU nondeterminism still shows as a clear purple, while pixels
// that do not differ at all show the picture itself, dimmed to neutral grey, for orientation.
import sharp from 'sharp';
import type { HeatmapInfo, HeatmapStop } from '../../shared/compare';
import type { DeltaMeasurement } from './pixel-delta';

// matplotlib's inferno sampled at ten even steps (R viridisLite::inferno(10)).
const INFERNO = [
  '#000004',
  '#1b0c42',
  '#4b0c6b',
  '#781c6d',
  '#a52c60',
  '#cf4446',
  '#ed6925',
  '#fb9b06',
  '#f7d13d',
  '#fcffa4',
].map((hex) => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)]);
/** Where delta 1 lands on the scale: dark enough to read as "small", saturated enough never to pass for grey. */
const LOWEST_T = 0.3;
/** Unchanged pixels show the picture's luma scaled into 0..ZERO_LUMA_MAX: darker than any coloured difference. */
const ZERO_LUMA_MAX = 64;
export const ZERO_DESCRIPTION = `unchanged pixels show image A in grey, dimmed to 0-${ZERO_LUMA_MAX} of 255`;

function inferno(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (INFERNO.length - 1);
  const i = Math.min(INFERNO.length - 2, Math.floor(x));
  const f = x - i;
  const [r0, g0, b0] = INFERNO[i];
  const [r1, g1, b1] = INFERNO[i + 1];
  return [Math.round(r0 + (r1 - r0) * f), Math.round(g0 + (g1 - g0) * f), Math.round(b0 + (b1 - b0) * f)];
}

function deltaPosition(delta: number, maxDelta: number): number {
  if (maxDelta <= 1) return 1;
  return LOWEST_T + (1 - LOWEST_T) * (Math.log(delta) / Math.log(maxDelta));
}

/** RGB colour of each delta 0..255 for one pair (index 0 unused: unchanged pixels show the context). */
function colourTable(maxDelta: number): Uint8Array {
  const table = new Uint8Array(256 * 3);
  for (let d = 1; d < 256; d++) table.set(inferno(deltaPosition(Math.min(d, Math.max(1, maxDelta)), maxDelta)), d * 3);
  return table;
}

function hex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export function heatmapInfo(maxDelta: number, width: number, height: number, path: string | null): HeatmapInfo {
  const top = Math.max(1, maxDelta);
  const deltas = [1, 2, 4, 8, 16, 32, 64, 128].filter((d) => d < top);
  deltas.push(top);
  const stops: HeatmapStop[] = deltas.map((delta) => ({ delta, colour: hex(inferno(deltaPosition(delta, top))) }));
  return {
    path,
    width,
    height,
    measure: 'largest channel |A-B| per pixel',
    colourScale: 'inferno',
    mapping: 'log',
    zero: ZERO_DESCRIPTION,
    minDelta: 1,
    maxDelta: top,
    stops,
  };
}

/** Heatmap pixels, RGB 3 bytes per pixel, at the compared size. `context` is image A's RGBA at that size. */
export function renderHeatmap(delta: DeltaMeasurement, context: Uint8Array): Buffer {
  const { width, height, deltaMap } = delta;
  const table = colourTable(delta.maxDelta);
  const out = Buffer.allocUnsafe(width * height * 3);
  for (let i = 0, p = 0, o = 0; i < width * height; i++, p += 4, o += 3) {
    const d = deltaMap[i];
    if (d === 0) {
      const grey = ((299 * context[p] + 587 * context[p + 1] + 114 * context[p + 2]) * ZERO_LUMA_MAX) / 255000;
      out[o] = out[o + 1] = out[o + 2] = grey;
    } else {
      out[o] = table[d * 3];
      out[o + 1] = table[d * 3 + 1];
      out[o + 2] = table[d * 3 + 2];
    }
  }
  return out;
}

/** PNG bytes of a rendered heatmap. zlib level 2: the heatmap is a view, not an archive, and level 6 costs 3x. */
export function encodeHeatmapPng(rgb: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 2 })
    .toBuffer();
}
