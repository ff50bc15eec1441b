// The virtualized thumbnail grid over the whole result set: the scroll area is as tall as every match (the
// count), only the rows on screen (plus a few) are in the DOM, and positions whose rows have not arrived yet show
// placeholders while their page is fetched. A drag to 50% of the scrollbar lands on the middle of the results.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ImageSummary } from '../../shared/library';
import { type CellActions, CELL, GridCell, ROW_HEIGHT } from './GridCell';
import { useThumbRepairs } from './GridThumb';
import { gridWindow, scrollToReveal } from './grid-window';

const GAP = 6;
/** Rows a cell layer spans before it moves on (its cells' tops restart from 0). */
const LAYER_ROWS = 64;
const STRIDE = ROW_HEIGHT + GAP;
const OVERSCAN = 3;

interface Props {
  /** Positions in the result set (the count). */
  total: number;
  itemAt: (index: number) => ImageSummary | undefined;
  /** Tells which positions are on screen, so their rows are fetched. */
  onRange: (start: number, end: number) => void;
  /** Changes with the text and filters: a new search starts at the top. */
  queryKey: string;
  selected: number;
  marked: ReadonlyMap<number, unknown>;
  /** A plain click selects and shows the details; Ctrl/Cmd toggles the compare mark; Shift marks a range. */
  onSelect: (index: number, event: { shift: boolean; toggle: boolean }) => void;
  /** The hover checkbox: marks or unmarks one image for compare without moving the selection. */
  onToggleMark: (index: number) => void;
  onOpen: (index: number) => void;
  /** Reports the column count so arrow keys can move by row. */
  onColumns: (columns: number) => void;
  /** Changes when the selection should be scrolled into view (keyboard moves), even to the same index. */
  revealSignal: number;
}

export function ThumbnailGrid({
  total,
  itemAt,
  onRange,
  queryKey,
  selected,
  marked,
  onSelect,
  onToggleMark,
  onOpen,
  onColumns,
  revealSignal,
}: Props) {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const [box, setBox] = useState({ width: 800, height: 600 });
  const [scrollTop, setScrollTop] = useState(0);
  const repairs = useThumbRepairs();
  // The cells are memoized, so what they call must not change with every render of the grid: a scroll frame then
  // renders only the cells that came into view, and a page of rows arriving only the cells it filled.
  const handlers = useRef({ onSelect, onOpen, onToggleMark });
  handlers.current = { onSelect, onOpen, onToggleMark };
  const actions = useMemo<CellActions>(
    () => ({
      select: (i, how) => handlers.current.onSelect(i, how),
      open: (i) => handlers.current.onOpen(i),
      toggleMark: (i) => handlers.current.onToggleMark(i),
      broken: repairs.broken,
    }),
    [repairs.broken],
  );

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = (): void => setBox({ width: el.clientWidth - 16, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = 0;
    setScrollTop(0);
  }, [queryKey]);

  const windowAt = (top: number) =>
    gridWindow({
      width: box.width,
      height: box.height,
      scrollTop: top,
      cell: CELL,
      rowHeight: ROW_HEIGHT,
      gap: GAP,
      count: total,
      overscan: OVERSCAN,
    });
  const win = windowAt(scrollTop);

  useEffect(() => onColumns(win.columns), [win.columns, onColumns]);
  useEffect(() => onRange(win.start, win.end), [win.start, win.end, onRange]);

  // On a scaled track the wheel would move scale x faster through the rows than on a normal page: move by the
  // rows' own pixels instead.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || win.scale === 1) return;
    const onWheel = (e: WheelEvent): void => {
      if (e.ctrlKey || e.deltaY === 0) return;
      e.preventDefault();
      const lines = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? el.clientHeight : 1;
      el.scrollTop += (e.deltaY * lines) / win.scale;
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [win.scale]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selected < 0) return;
    const scale = win.scale;
    const top = scrollToReveal(selected, win.columns, STRIDE, el.scrollTop * scale, el.clientHeight - 12, ROW_HEIGHT);
    if (top !== null) el.scrollTop = top / scale;
  }, [selected, win.columns, win.scale, revealSignal]);

  // Cells sit in a layer placed at a whole block of rows: their own tops stay the same while the grid scrolls
  // within the block (memoized cells then render nothing), and only the layer's transform follows the scaled track.
  // With each cell's top moving every frame, a scroll frame re-rendered and repainted every tile (p95 50 ms).
  const baseRow = Math.floor(win.firstRow / LAYER_ROWS) * LAYER_ROWS;
  const layerTop = baseRow * STRIDE + win.offsetY;
  const cells = [];
  for (let i = win.start; i < win.end; i += 1) {
    const item = itemAt(i);
    const style = {
      top: (Math.floor(i / win.columns) - baseRow) * STRIDE,
      left: (i % win.columns) * (CELL + GAP),
      width: CELL,
      height: ROW_HEIGHT,
    };
    if (!item) {
      cells.push(
        <div
          key={`at-${i}`}
          className={`cell placeholder${i === selected ? ' selected' : ''}`}
          style={style}
          aria-hidden="true"
          data-testid="grid-placeholder"
          data-index={i}
        />,
      );
      continue;
    }
    cells.push(
      <GridCell
        key={item.id}
        index={i}
        item={item}
        top={style.top}
        left={style.left}
        selected={i === selected}
        marked={marked.has(item.id)}
        total={total}
        repair={repairs.get(item.id)}
        actions={actions}
      />,
    );
  }

  return (
    <div
      className="grid-scroll"
      ref={scrollRef}
      onScroll={(e) => {
        const top = e.currentTarget.scrollTop;
        setScrollTop(top);
        // Ask for the rows now, from the scroll event, not after React has rendered the placeholders: on a busy
        // machine that render costs a frame or more before the request would leave.
        const next = windowAt(top);
        onRange(next.start, next.end);
      }}
      role="listbox"
      aria-label="Images"
      aria-multiselectable="true"
      data-testid="thumbnail-grid"
      data-count={total}
      data-rendered={win.end - win.start}
      data-first-index={win.start}
    >
      <div className="grid-inner" style={{ height: win.totalHeight }}>
        <div className="grid-rows" style={{ transform: `translateY(${layerTop}px)` }}>
          {cells}
        </div>
      </div>
    </div>
  );
}
