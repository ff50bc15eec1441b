// The virtualized thumbnail grid: only the rows on screen (plus a few) are in the DOM, so 100k+ images scroll
// as smoothly as 100. The next keyset page is requested as the window nears the end of what is loaded.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ImageSummary, SearchField } from '../../shared/library';
import { useApi } from '../api/client';
import { fileNameOf } from './format';
import { gridWindow, scrollToReveal } from './grid-window';
import { GradeBadge } from './grade-badge';

/** The words each hit shows for where the search matched. */
const SEARCH_FIELD_LABEL: Record<SearchField, string> = {
  prompt: 'prompt',
  negativePrompt: 'negative',
  fileName: 'file name',
  models: 'model/LoRA',
  c2pa: 'C2PA',
  tags: 'tag',
};

const CELL = 156;
const CAPTION = 18;
const ROW_HEIGHT = CELL + CAPTION;
const GAP = 6;
const OVERSCAN = 3;

interface Props {
  items: ImageSummary[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  selected: number;
  marked: ReadonlySet<number>;
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
  items,
  hasMore,
  loadingMore,
  onLoadMore,
  selected,
  marked,
  onSelect,
  onToggleMark,
  onOpen,
  onColumns,
  revealSignal,
}: Props) {
  const api = useApi();
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const [box, setBox] = useState({ width: 800, height: 600 });
  const [scrollTop, setScrollTop] = useState(0);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = (): void => setBox({ width: el.clientWidth - 16, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const win = gridWindow({
    width: box.width,
    height: box.height,
    scrollTop,
    cell: CELL,
    rowHeight: ROW_HEIGHT,
    gap: GAP,
    count: items.length,
    overscan: OVERSCAN,
  });

  useEffect(() => onColumns(win.columns), [win.columns, onColumns]);

  // Ask for the next page while a few rows of loaded items remain below the window.
  useEffect(() => {
    if (hasMore && !loadingMore && win.lastRow >= win.rows - OVERSCAN) onLoadMore();
  }, [hasMore, loadingMore, win.lastRow, win.rows, onLoadMore]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selected < 0) return;
    const top = scrollToReveal(selected, win.columns, ROW_HEIGHT + GAP, el.scrollTop, el.clientHeight - 12, ROW_HEIGHT);
    if (top !== null) el.scrollTop = top;
  }, [selected, win.columns, revealSignal]);

  const cells = [];
  for (let i = win.start; i < win.end; i += 1) {
    const item = items[i];
    const row = Math.floor(i / win.columns);
    const col = i % win.columns;
    const name = fileNameOf(item.path);
    cells.push(
      <div
        key={item.id}
        className={`cell${i === selected ? ' selected' : ''}${marked.has(item.id) ? ' marked' : ''}`}
        style={{ top: row * (ROW_HEIGHT + GAP), left: col * (CELL + GAP), width: CELL, height: ROW_HEIGHT }}
        role="option"
        tabIndex={-1}
        aria-selected={i === selected}
        aria-checked={marked.has(item.id)}
        aria-posinset={i + 1}
        aria-setsize={hasMore ? -1 : items.length}
        aria-label={name}
        data-testid="grid-cell"
        data-image-id={item.id}
        data-index={i}
        onClick={(e) => onSelect(i, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey })}
        onDoubleClick={() => onOpen(i)}
      >
        <input
          type="checkbox"
          className="cell-mark"
          checked={marked.has(item.id)}
          onChange={() => onToggleMark(i)}
          onClick={(e) => e.stopPropagation()}
          onDoubleClick={(e) => e.stopPropagation()}
          aria-label={`Mark ${name} for compare`}
          title="Mark for compare (x, or Ctrl/Cmd-click the image)"
          data-testid="cell-mark"
        />
        <div className="thumb">
          {item.pixelState === 'done' ? (
            <img src={api.mediaUrl('thumb', item.id)} alt="" loading="lazy" decoding="async" draggable={false} />
          ) : (
            <span className="dim" style={{ fontSize: 11 }}>
              {item.pixelState === 'failed' ? 'no preview' : '…'}
            </span>
          )}
        </div>
        <div className="caption" title={item.path}>
          {name}
        </div>
        {item.generator && <span className="badge">{item.generator}</span>}
        {item.state === 'offline' && <span className="badge warn">offline</span>}
        {item.grade && <GradeBadge grade={item.grade} />}
        {item.matchedIn && item.matchedIn.length > 0 && (
          <span className="badge match" data-testid="cell-match" title="Where the search words were found">
            {item.matchedIn.map((f) => SEARCH_FIELD_LABEL[f]).join(' · ')}
          </span>
        )}
      </div>,
    );
  }

  return (
    <div
      className="grid-scroll"
      ref={scrollRef}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      role="listbox"
      aria-label="Images"
      aria-multiselectable="true"
      data-testid="thumbnail-grid"
      data-count={items.length}
      data-rendered={win.end - win.start}
    >
      <div className="grid-inner" style={{ height: win.totalHeight + (loadingMore ? 30 : 0) }}>
        {cells}
      </div>
      {loadingMore && (
        <div className="dim" style={{ textAlign: 'center', padding: 6 }}>
          Loading more…
        </div>
      )}
    </div>
  );
}
