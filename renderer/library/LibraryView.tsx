// The library: folders and filters on the left, search + the virtualized grid in the middle, the detail panel
// on the right. Selection moves by keyboard; two marked images (or "Compare with…") go to Compare.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Facets } from '../../shared/contract';
import type { FolderInfo, ImageSummary, SearchFilters } from '../../shared/library';
import type { CompareSide } from '../compare/compare-request';
import { useApi } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { useShortcuts } from '../hooks/useShortcuts';
import { DetailPanel } from './DetailPanel';
import { ExportDialog } from './ExportDialog';
import { FilterPanel } from './FilterPanel';
import { EMPTY_FORM, parseFilterForm, type FilterForm } from './filter-form';
import { FolderPanel } from './FolderPanel';
import { ImageViewer } from './ImageViewer';
import { fileNameOf } from './format';
import { ThumbnailGrid } from './ThumbnailGrid';
import { useLibrarySearch } from './useLibrarySearch';

interface Props {
  active: boolean;
  onCompare: (a: CompareSide, b: CompareSide) => void;
  onSimilar: (side: CompareSide) => void;
}

const SEARCH_DEBOUNCE_MS = 180;
// While a folder indexes, library.changed arrives many times a second; re-query at most this often.
const REFRESH_THROTTLE_MS = 1500;

function sideOf(item: { id: number; path: string }): CompareSide {
  return { ref: { kind: 'indexed', imageId: item.id }, label: fileNameOf(item.path) };
}

export function LibraryView({ active, onCompare, onSimilar }: Props) {
  const api = useApi();
  const searchRef = useRef<HTMLInputElement | null>(null);
  const [typed, setTyped] = useState('');
  const [text, setText] = useState('');
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  const [refresh, setRefresh] = useState(0);
  const [facets, setFacets] = useState<Facets | null>(null);
  const [folders, setFolders] = useState<FolderInfo[]>([]);
  const [selected, setSelected] = useState(-1);
  // Whether the person chose the selection (a click or a key), as opposed to the first image being preselected.
  const personPicked = useRef(false);
  const [marked, setMarked] = useState<Set<number>>(new Set());
  const [detailOpen, setDetailOpen] = useState(false);
  const [viewerOpen, setViewerOpen] = useState(false);
  const [actualSize, setActualSize] = useState(false);
  const [anchor, setAnchor] = useState<CompareSide | null>(null);
  const [exportIds, setExportIds] = useState<number[] | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const columns = useRef(1);
  // Bumped by every keyboard move, so the grid scrolls the selection into view even when it did not change.
  const [revealSignal, setRevealSignal] = useState(0);
  const lastRefresh = useRef(0);
  const pendingRefresh = useRef<number | null>(null);

  const parsed = useMemo(() => parseFilterForm(form), [form]);
  const search = useLibrarySearch(text, parsed.filters, refresh);
  const items = search.items;
  const current: ImageSummary | null = selected >= 0 && selected < items.length ? items[selected] : null;

  useEffect(() => {
    const t = window.setTimeout(() => setText(typed.trim()), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(t);
  }, [typed]);

  // A selection the person made follows its image, not its position: new images indexed at the top of the grid (a
  // folder being indexed, Verify's outputs) must not move the details panel to another image. The updater gets the latest index,
  // key presses included, which points into the list shown before this one; a refresh may empty the list for a
  // moment, and the selection is kept through it.
  const listBefore = useRef<ImageSummary[]>([]);
  useEffect(() => {
    if (items.length === 0) return;
    const before = listBefore.current;
    listBefore.current = items;
    setSelected((s) => {
      // Only a choice the person made is followed; the first image preselected at start stays the newest one.
      const id = personPicked.current ? before[s]?.id : undefined;
      const at = id === undefined ? -1 : items.findIndex((i) => i.id === id);
      return at >= 0 ? at : Math.min(Math.max(s, 0), items.length - 1);
    });
  }, [items]);

  // Facet counts narrow with the filters set (each facet ignores its own filter, on the backend).
  const facetFilterKey = JSON.stringify(parsed.filters);
  const loadSideData = useCallback(async () => {
    const filters = JSON.parse(facetFilterKey) as SearchFilters;
    const [f, l] = await Promise.all([
      api.request('library.facets', { filters }),
      api.request('library.listFolders', {}),
    ]);
    if (f.ok) setFacets(f.value);
    if (l.ok) setFolders(l.value);
  }, [api, facetFilterKey]);

  useEffect(() => {
    void loadSideData();
  }, [loadSideData, refresh]);

  const onLibraryChanged = useCallback(() => {
    const now = Date.now();
    const wait = REFRESH_THROTTLE_MS - (now - lastRefresh.current);
    if (wait <= 0) {
      lastRefresh.current = now;
      setRefresh((r) => r + 1);
    } else if (pendingRefresh.current === null) {
      pendingRefresh.current = window.setTimeout(() => {
        pendingRefresh.current = null;
        lastRefresh.current = Date.now();
        setRefresh((r) => r + 1);
      }, wait);
    }
  }, []);

  const toggleMark = (id: number): void =>
    setMarked((m) => {
      const next = new Set(m);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const compareMarked = (): void => {
    const byId = new Map(items.map((i) => [i.id, i]));
    const picked = [...marked].map((id) => byId.get(id)).filter((i): i is ImageSummary => i !== undefined);
    if (picked.length >= 2) {
      onCompare(sideOf(picked[0]), sideOf(picked[1]));
      return;
    }
    if (picked.length === 1 && current && current.id !== picked[0].id) {
      onCompare(sideOf(picked[0]), sideOf(current));
      return;
    }
    if (anchor && current) {
      onCompare(anchor, sideOf(current));
      setAnchor(null);
      return;
    }
    setHint('To compare: mark two images with x (or Ctrl+click), then press c.');
  };

  const select = (index: number, how: { shift: boolean; toggle: boolean }): void => {
    const item = items[index];
    if (!item) return;
    if (anchor) {
      if (!(anchor.ref.kind === 'indexed' && anchor.ref.imageId === item.id)) {
        onCompare(anchor, sideOf(item));
        setAnchor(null);
      }
      return;
    }
    if (how.toggle) {
      // Click A, then Ctrl/Cmd-click B: both are marked (A was the person's first pick, not a stray selection).
      if (marked.size === 0 && personPicked.current && current && current.id !== item.id)
        setMarked(new Set([current.id, item.id]));
      else toggleMark(item.id);
    } else if (how.shift && current) {
      const [from, to] = selected < index ? [selected, index] : [index, selected];
      setMarked((m) => new Set([...m, ...items.slice(from, to + 1).map((i) => i.id)]));
    } else {
      // A plain click shows the image's details, as Image MetaHub and Infinite Image Browsing do.
      setDetailOpen(true);
    }
    personPicked.current = true;
    setSelected(index);
  };

  const move = (delta: number): void => {
    if (items.length === 0) return;
    personPicked.current = true;
    setSelected((s) => Math.min(items.length - 1, Math.max(0, Math.max(s, 0) + delta)));
    setRevealSignal((n) => n + 1);
  };

  const jump = (index: number): void => {
    if (items.length === 0) return;
    personPicked.current = true;
    setSelected(index);
    setRevealSignal((n) => n + 1);
  };

  const exportTargets = (): number[] => (marked.size > 0 ? [...marked] : current ? [current.id] : []);

  useShortcuts(
    {
      '/': () => searchRef.current?.focus(),
      j: () => move(1),
      k: () => move(-1),
      l: () => move(1),
      h: () => move(-1),
      ArrowRight: () => move(1),
      ArrowLeft: () => move(-1),
      ArrowDown: () => move(columns.current),
      ArrowUp: () => move(-columns.current),
      Home: () => jump(0),
      End: () => jump(items.length - 1),
      Enter: () => current && setDetailOpen(true),
      v: () => current && setViewerOpen(true),
      z: () => viewerOpen && setActualSize((on) => !on),
      x: () => current && toggleMark(current.id),
      ' ': () => current && toggleMark(current.id),
      c: compareMarked,
      e: () => {
        const ids = exportTargets();
        if (ids.length) setExportIds(ids);
      },
      Escape: () => {
        if (viewerOpen) setViewerOpen(false);
        else if (document.activeElement === searchRef.current) searchRef.current?.blur();
        else if (exportIds) setExportIds(null);
        else if (anchor) setAnchor(null);
        else if (detailOpen) setDetailOpen(false);
        else setMarked(new Set());
      },
    },
    active,
  );

  const onColumns = useCallback((n: number) => {
    columns.current = n;
  }, []);

  const compareWhy =
    marked.size === 2
      ? null
      : marked.size < 2
        ? `Mark ${2 - marked.size} more (tick a box, Ctrl/Cmd-click or x)`
        : `${marked.size} marked: compare takes exactly 2`;

  // Ready once the grid answers what is typed now (the debounce has run and the response for it arrived).
  const ready = search.settled && text === typed.trim();
  return (
    <div
      className={`library${detailOpen && current ? '' : ' no-detail'}`}
      data-testid="library-view"
      data-ready={ready}
      data-query={text}
    >
      <div className="sidebar">
        <FolderPanel onLibraryChanged={onLibraryChanged} />
        <FilterPanel form={form} onChange={setForm} facets={facets} folders={folders} problems={parsed.problems} />
      </div>
      <div className="main-col">
        <div className="searchbar">
          <input
            ref={searchRef}
            type="search"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') setText(typed.trim());
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                searchRef.current?.blur();
                move(0);
              }
            }}
            placeholder="Search prompt, negative, file name, model, LoRA, C2PA, tags (press /) — word* for a prefix"
            aria-label="Search prompts, file names, models, LoRAs, C2PA claims and tags"
            data-testid="search-input"
            spellCheck={false}
          />
          <span className="count" data-testid="result-count" data-count={items.length} data-more={search.hasMore}>
            {search.loading ? 'searching…' : `${items.length}${search.hasMore ? '+' : ''} images`}
          </span>
          {marked.size > 0 && (
            <span className="pill warn" data-testid="marked-count">
              {marked.size} marked
            </span>
          )}
          <button
            type="button"
            onClick={compareMarked}
            disabled={marked.size !== 2}
            data-testid="compare-marked"
            title={compareWhy ?? 'Compare the two marked images (c)'}
          >
            Compare the 2 marked
          </button>
          {compareWhy && (
            <span className="compare-why" data-testid="compare-marked-why">
              {compareWhy}
            </span>
          )}
          {marked.size > 0 && (
            <button
              type="button"
              onClick={() => setExportIds([...marked])}
              data-testid="export-marked"
              title="Export sidecars (e)"
            >
              Export…
            </button>
          )}
        </div>
        {anchor && (
          <div
            className="error-notice"
            style={{ borderColor: 'var(--accent)', background: '#142235', color: 'var(--text)', margin: '6px 8px' }}
            data-testid="compare-anchor"
          >
            <div className="error-message">
              Comparing with <strong style={{ color: 'var(--accent)' }}>{anchor.label}</strong>: click the second image
              (Esc cancels).
            </div>
            <button type="button" onClick={() => setAnchor(null)}>
              Cancel
            </button>
          </div>
        )}
        {hint && !anchor && (
          <div className="dim" style={{ padding: '4px 10px' }} role="status" onClick={() => setHint(null)}>
            {hint}
          </div>
        )}
        {search.error ? (
          <div style={{ padding: 10 }}>
            <ErrorNotice action="Searching the library" error={search.error} onRetry={() => setRefresh((r) => r + 1)} />
          </div>
        ) : items.length === 0 && !search.loading ? (
          <div className="grid-empty" data-testid="grid-empty">
            {text || parsed.problems.length || Object.keys(parsed.filters).length
              ? 'No image matches this search and these filters.'
              : 'The library is empty: add a folder of generated images on the left.'}
          </div>
        ) : (
          <ThumbnailGrid
            items={items}
            hasMore={search.hasMore}
            loadingMore={search.loadingMore}
            onLoadMore={search.loadMore}
            selected={selected}
            marked={marked}
            onSelect={select}
            onToggleMark={(i) => items[i] && toggleMark(items[i].id)}
            onOpen={(i) => {
              // Double-click: the full-screen viewer (a single click already shows the details).
              setSelected(i);
              setDetailOpen(true);
              setViewerOpen(true);
            }}
            onColumns={onColumns}
            revealSignal={revealSignal}
          />
        )}
      </div>
      {detailOpen && current && (
        <DetailPanel
          imageId={current.id}
          onClose={() => setDetailOpen(false)}
          onCompareWith={(image) => setAnchor(sideOf(image))}
          onExport={(ids) => setExportIds(ids)}
          onSimilar={(image) => onSimilar(sideOf(image))}
          onView={() => setViewerOpen(true)}
        />
      )}
      {viewerOpen && current && (
        <ImageViewer
          image={current}
          position={{ index: selected, count: items.length }}
          actualSize={actualSize}
          onActualSize={setActualSize}
          onPrevious={() => move(-1)}
          onNext={() => move(1)}
          onClose={() => setViewerOpen(false)}
        />
      )}
      {exportIds && <ExportDialog imageIds={exportIds} onClose={() => setExportIds(null)} />}
    </div>
  );
}
