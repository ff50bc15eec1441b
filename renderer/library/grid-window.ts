// Windowing for the thumbnail grid: which rows are on screen, so only those are in the DOM.
// At 100k images a grid of real elements costs seconds of layout; a window of ~10 rows costs nothing.

export interface GridGeometry {
  /** Inner width of the scroll container, px. */
  width: number;
  /** Visible height of the scroll container, px. */
  height: number;
  scrollTop: number;
  /** Thumbnail cell edge, px (cells are square plus a caption). */
  cell: number;
  rowHeight: number;
  gap: number;
  count: number;
  /** Extra rows rendered above and below so fast scrolling does not show blanks. */
  overscan: number;
}

export interface GridWindow {
  columns: number;
  rows: number;
  totalHeight: number;
  firstRow: number;
  lastRow: number;
  /** Index range of items to render, end exclusive. */
  start: number;
  end: number;
}

export function gridWindow(g: GridGeometry): GridWindow {
  const columns = Math.max(1, Math.floor((g.width + g.gap) / (g.cell + g.gap)));
  const rows = Math.ceil(g.count / columns);
  const stride = g.rowHeight + g.gap;
  const totalHeight = Math.max(0, rows * stride - g.gap);
  const firstVisible = Math.floor(Math.max(0, g.scrollTop) / stride);
  const lastVisible = Math.ceil((Math.max(0, g.scrollTop) + g.height) / stride);
  const firstRow = Math.max(0, firstVisible - g.overscan);
  const lastRow = Math.min(rows, lastVisible + g.overscan);
  return {
    columns,
    rows,
    totalHeight,
    firstRow,
    lastRow,
    start: Math.min(g.count, firstRow * columns),
    end: Math.min(g.count, lastRow * columns),
  };
}

/** The scrollTop that brings item `index` fully into view, or null when it already is. */
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
