// The library: folders and filters on the left, search + the virtualized grid in the middle, the detail panel
// on the right. Selection moves by keyboard; two marked images (or "Compare with…") go to Compare.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FolderInfo, ImageSummary } from '../../shared/library';
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
import { ResultCount } from './ResultCount';
import { ThumbnailGrid } from './ThumbnailGrid';
import { useFacets } from './useFacets';
import { MAX_RANGE, useResultWindow } from './useResultWindow';

interface Props {
  active: boolean;
  onCompare: (a: CompareSide, b: CompareSide) => void;
  onSimilar: (side: CompareSide) => void;
}

// While a folder indexes, library.changed arrives many times a second; re-query at most this often.
const REFRESH_THROTTLE_MS = 1500;

function sideOf(item: { id: number; path: string }): CompareSide {
  return { ref: { kind: 'indexed', imageId: item.id }, label: fileNameOf(item.path) };
}

export function LibraryView({ active, onCompare, onSimilar }: Props) {
  const api = useApi();
  const searchRef = useRef<HTMLInputElement | null>(null);
  const [typed, setTyped] = useState('');
  // Every keystroke searches: the first page takes 2-11 ms at the API at 1M rows, answers to older text are dropped
  // and only the newest count is asked for (useResultWindow). A 180 ms pause used to come first (issue #16).
  const text = typed.trim();
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  const [refresh, setRefresh] = useState(0);
  const [folders, setFolders] = useState<FolderInfo[]>([]);
  const [selected, setSelected] = useState(-1);
  // Whether the person chose the selection (a click or a key), as opposed to the first image being preselected.
  const personPicked = useRef(false);
  // The image the person chose (null while its row is still being fetched): the selection follows it on refresh.
  const pickedId = useRef<number | null>(null);
  // Marked images with their rows: compare needs their paths even when their page has scrolled out of the cache.
  const [marked, setMarked] = useState<Map<number, ImageSummary>>(new Map());
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
  const search = useResultWindow(text, parsed.filters, refresh);
  const total = search.total;
  const current: ImageSummary | null = (selected >= 0 && search.itemAt(selected)) || null;
  const facets = useFacets(parsed.filters, refresh);

  // A selection the person made follows its image, not its position: new images indexed at the top of the grid (a
  // folder being indexed, Verify's outputs) must not move the details panel to another image. The updater gets the
  // latest index, key presses included; rows refreshed but not yet refetched keep their old positions meanwhile, and
  // a refresh that empties the list for a moment keeps the selection through it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when rows arrive (version) or the count changes
  useEffect(() => {
    if (total === 0) return;
    setSelected((s) => {
      const clamped = Math.min(Math.max(s, 0), total - 1);
      // Only a choice the person made is followed; the first image preselected at start stays the newest one.
      const id = personPicked.current ? pickedId.current : null;
      if (id === null || search.itemAt(s)?.id === id) return clamped;
      const at = search.indexOfId(id);
      return at >= 0 ? at : clamped;
    });
  }, [search.version, total]);

  // A key moved the selection onto a row still being fetched: it is followed once its row arrives.
  // biome-ignore lint/correctness/useExhaustiveDependencies: search.version is when the row may have arrived
  useEffect(() => {
    if (personPicked.current && pickedId.current === null) pickedId.current = search.itemAt(selected)?.id ?? null;
  }, [selected, search.version]);

  useEffect(() => {
    void refresh;
    void api.request('library.listFolders', {}).then((l) => l.ok && setFolders(l.value));
  }, [api, refresh]);

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

  const toggleMark = (item: ImageSummary): void =>
    setMarked((m) => {
      const next = new Map(m);
      if (next.has(item.id)) next.delete(item.id);
      else next.set(item.id, item);
      return next;
    });

  const compareMarked = (): void => {
    const picked = [...marked.values()];
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
    const item = search.itemAt(index);
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
        setMarked(
          new Map([
            [current.id, current],
            [item.id, item],
          ]),
        );
      else toggleMark(item);
    } else if (how.shift && current) {
      const [from, to] = selected < index ? [selected, index] : [index, selected];
      if (to - from + 1 > MAX_RANGE)
        setHint(`Shift-click marks at most ${MAX_RANGE.toLocaleString('en-US')} images at once.`);
      // Rows between may not be loaded (a long way scrolled): they are fetched first.
      else
        void search.range(from, to).then((rows) => {
          if (rows) setMarked((m) => new Map([...m, ...rows.map((r): [number, ImageSummary] => [r.id, r])]));
          else setHint('The images between are still loading: Shift-click again in a moment.');
        });
    } else {
      // A plain click shows the image's details, as Image MetaHub and Infinite Image Browsing do.
      setDetailOpen(true);
    }
    personPicked.current = true;
    pickedId.current = item.id;
    setSelected(index);
  };

  const move = (delta: number): void => {
    if (total === 0) return;
    personPicked.current = true;
    pickedId.current = null;
    setSelected((s) => {
      const next = Math.min(total - 1, Math.max(0, Math.max(s, 0) + delta));
      void search.load(next);
      return next;
    });
    setRevealSignal((n) => n + 1);
  };

  const jump = (index: number): void => {
    if (total === 0) return;
    personPicked.current = true;
    pickedId.current = null;
    void search.load(index);
    setSelected(index);
    setRevealSignal((n) => n + 1);
  };

  const exportTargets = (): number[] => (marked.size > 0 ? [...marked.keys()] : current ? [current.id] : []);

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
      End: () => jump(total - 1),
      Enter: () => current && setDetailOpen(true),
      v: () => current && setViewerOpen(true),
      z: () => viewerOpen && setActualSize((on) => !on),
      x: () => current && toggleMark(current),
      ' ': () => current && toggleMark(current),
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
        else setMarked(new Map());
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

  // Ready once the grid and the count answer what is typed now and the filters set.
  const ready = search.settled;
  return (
    <div
      className={`library${detailOpen && current ? '' : ' no-detail'}`}
      data-testid="library-view"
      data-ready={ready}
      data-rows-ready={search.rowsSettled}
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
          <ResultCount search={search} />
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
              onClick={() => setExportIds([...marked.keys()])}
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
        ) : total === 0 && !search.loading ? (
          <div className="grid-empty" data-testid="grid-empty">
            {text || parsed.problems.length || Object.keys(parsed.filters).length
              ? 'No image matches this search and these filters.'
              : 'The library is empty: add a folder of generated images on the left.'}
          </div>
        ) : (
          <ThumbnailGrid
            total={total}
            itemAt={search.itemAt}
            onRange={search.showRange}
            queryKey={`${text}\u0000${JSON.stringify(parsed.filters)}`}
            selected={selected}
            marked={marked}
            onSelect={select}
            onToggleMark={(i) => {
              const item = search.itemAt(i);
              if (item) toggleMark(item);
            }}
            onOpen={(i) => {
              if (!search.itemAt(i)) return;
              personPicked.current = true;
              pickedId.current = search.itemAt(i)?.id ?? null;
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
          position={{ index: selected, count: total }}
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
