// Boxes around changed areas: 8-connected groups of changed grid cells, largest first. Cell-aligned boxes are
// enough to point a person at "the earring" or "the horizon"; the heatmap shows the exact pixels.
import type { ChangedRegion, ChangedRegions } from '../../shared/compare';
import type { DeltaMeasurement } from './pixel-delta';

export const REGION_CAP = 24;

export function findChangedRegions(delta: DeltaMeasurement, cap = REGION_CAP): ChangedRegions {
  const { gridWidth: gw, gridHeight: gh, cellSize, cellChanged, cellMaxDelta } = delta;
  const seen = new Uint8Array(gw * gh);
  const stack = new Int32Array(gw * gh);
  const found: ChangedRegion[] = [];
  for (let start = 0; start < gw * gh; start++) {
    if (seen[start] || cellChanged[start] === 0) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let minX = gw;
    let minY = gh;
    let maxX = -1;
    let maxY = -1;
    let changed = 0;
    let maxDelta = 0;
    while (top > 0) {
      const cell = stack[--top];
      const cx = cell % gw;
      const cy = (cell - cx) / gw;
      changed += cellChanged[cell];
      if (cellMaxDelta[cell] > maxDelta) maxDelta = cellMaxDelta[cell];
      if (cx < minX) minX = cx;
      if (cx > maxX) maxX = cx;
      if (cy < minY) minY = cy;
      if (cy > maxY) maxY = cy;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = cy + dy;
        if (ny < 0 || ny >= gh) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = cx + dx;
          if (nx < 0 || nx >= gw) continue;
          const n = ny * gw + nx;
          if (seen[n] || cellChanged[n] === 0) continue;
          seen[n] = 1;
          stack[top++] = n;
        }
      }
    }
    const x = minX * cellSize;
    const y = minY * cellSize;
    found.push({
      x,
      y,
      width: Math.min(delta.width, (maxX + 1) * cellSize) - x,
      height: Math.min(delta.height, (maxY + 1) * cellSize) - y,
      changedPixels: changed,
      maxDelta,
    });
  }
  found.sort((p, q) => q.changedPixels - p.changedPixels || p.y - q.y || p.x - q.x);
  return { boxes: found.slice(0, cap), total: found.length, cap, cellSize };
}
