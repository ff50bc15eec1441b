// Windowing for the thumbnail grid: which rows are on screen, so only those are in the DOM.
// At 100k images a grid of real elements costs seconds of layout; a window of ~10 rows costs nothing.
//
// At a million images the grid is taller than a browser lays out (Chromium stops near 33.5M px, Firefox near
// 17.9M px): past MAX_SCROLL_HEIGHT the scrollbar's track is scaled, so its whole length still stands for every
// row and a drag to 50% lands on the middle row.

/** Tallest scroll area the grid asks the browser for, px (safely under every engine's layout limit). */
export const MAX_SCROLL_HEIGHT = 12_000_000;

export interface GridGeometry {
  /** Inner width of the scroll container, px. */
  width: number;
  /** Visible height of the scroll container, px. */
  height: number;
  /** The container's scrollTop, px (physical: on the scaled track when the grid is taller than the cap). */
  scrollTop: number;
  /** Thumbnail cell edge, px (cells are square plus a caption). */
  cell: number;
  rowHeight: number;
  gap: number;
  count: number;
  /** Extra rows rendered above and below so fast scrolling does not show blanks. */
  overscan: number;
  /** Defaults to MAX_SCROLL_HEIGHT. */
  maxHeight?: number;
}

export interface GridWindow {
  columns: number;
  rows: number;
  /** Height of the scroll area, px: the rows' height, or the cap when they are taller. */
  totalHeight: number;
  firstRow: number;
  lastRow: number;
  /** Index range of items to render, end exclusive. */
  start: number;
  end: number;
  /** Row-space px per scrollbar px (1 unless the rows are taller than the cap). */
  scale: number;
  /** Added to a row's own top (row x stride) to place it in the scroll area. */
  offsetY: number;
}

/** How the rows' own height maps onto the scroll area's. */
export function gridScale(rowsHeight: number, viewHeight: number, maxHeight = MAX_SCROLL_HEIGHT): number {
  if (rowsHeight <= maxHeight) return 1;
  const travel = maxHeight - viewHeight;
  return travel > 0 ? (rowsHeight - viewHeight) / travel : rowsHeight / maxHeight;
}

export function gridWindow(g: GridGeometry): GridWindow {
  const columns = Math.max(1, Math.floor((g.width + g.gap) / (g.cell + g.gap)));
  const rows = Math.ceil(g.count / columns);
  const stride = g.rowHeight + g.gap;
  const rowsHeight = Math.max(0, rows * stride - g.gap);
  const maxHeight = g.maxHeight ?? MAX_SCROLL_HEIGHT;
  const scale = gridScale(rowsHeight, g.height, maxHeight);
  const physicalTop = Math.max(0, g.scrollTop);
  const top = physicalTop * scale;
  const firstVisible = Math.floor(top / stride);
  const lastVisible = Math.ceil((top + g.height) / stride);
  const firstRow = Math.max(0, firstVisible - g.overscan);
  const lastRow = Math.min(rows, lastVisible + g.overscan);
  return {
    columns,
    rows,
    totalHeight: Math.min(rowsHeight, maxHeight),
    firstRow,
    lastRow,
    start: Math.min(g.count, firstRow * columns),
    end: Math.min(g.count, lastRow * columns),
    scale,
    offsetY: physicalTop - top,
  };
}

/** The scrollTop that brings item `index` fully into view, or null when it already is (row-space px). */
export function scrollToReveal(
  index: number,
  columns: number,
  stride: number,
  viewTop: number,
  viewHeight: number,
  rowHeight: number,
): number | null {
  const top = Math.floor(index / columns) * stride;
  if (top < viewTop) return top;
  if (top + rowHeight > viewTop + viewHeight) return top + rowHeight - viewHeight;
  return null;
}
