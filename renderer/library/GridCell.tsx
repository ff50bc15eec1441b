// One tile of the thumbnail grid, memoized: it renders again only when its own row, place, selection, mark or
// thumbnail repair changes, not on every scroll frame or page of rows that arrives (issue #16: a frame in which a
// page arrived took 50 ms when every tile on screen rendered again).
import { memo } from 'react';
import type { ImageSummary, SearchField } from '../../shared/library';
import { fileNameOf } from './format';
import { GradeBadge } from './grade-badge';
import { GridThumb, type ThumbRepair } from './GridThumb';

export const CELL = 156;
const CAPTION = 18;
export const ROW_HEIGHT = CELL + CAPTION;

/** The words each hit shows for where the search matched. */
const SEARCH_FIELD_LABEL: Record<SearchField, string> = {
  prompt: 'prompt',
  negativePrompt: 'negative',
  fileName: 'file name',
  models: 'model/LoRA',
  c2pa: 'C2PA',
  tags: 'tag',
};

/** What a tile does, the same functions for every tile and render (ThumbnailGrid keeps them stable). */
export interface CellActions {
  select: (index: number, how: { shift: boolean; toggle: boolean }) => void;
  open: (index: number) => void;
  toggleMark: (index: number) => void;
  broken: (image: ImageSummary) => void;
}

interface Props {
  index: number;
  item: ImageSummary;
  top: number;
  left: number;
  selected: boolean;
  marked: boolean;
  /** The result count, for aria-setsize. */
  total: number;
  repair: ThumbRepair | undefined;
  actions: CellActions;
}

export const GridCell = memo(function GridCell({
  index,
  item,
  top,
  left,
  selected,
  marked,
  total,
  repair,
  actions,
}: Props) {
  const name = fileNameOf(item.path);
  return (
    <div
      className={`cell${selected ? ' selected' : ''}${marked ? ' marked' : ''}`}
      style={{ top, left, width: CELL, height: ROW_HEIGHT }}
      role="option"
      tabIndex={-1}
      aria-selected={selected}
      aria-checked={marked}
      aria-posinset={index + 1}
      aria-setsize={total}
      aria-label={name}
      data-testid="grid-cell"
      data-image-id={item.id}
      data-index={index}
      onClick={(e) => actions.select(index, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey })}
      onDoubleClick={() => actions.open(index)}
    >
      <input
        type="checkbox"
        className="cell-mark"
        checked={marked}
        onChange={() => actions.toggleMark(index)}
        onClick={(e) => e.stopPropagation()}
        onDoubleClick={(e) => e.stopPropagation()}
        aria-label={`Mark ${name} for compare`}
        title="Mark for compare (x, or Ctrl/Cmd-click the image)"
        data-testid="cell-mark"
      />
      <div className="thumb">
        <GridThumb item={item} repair={repair} onBroken={actions.broken} />
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
    </div>
  );
});
