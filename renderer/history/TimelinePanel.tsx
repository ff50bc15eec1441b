// The generation history in time order, newest first: one row per image with what changed since the previous image
// of its line of work, sessions marked where they start. Windowed over the whole filtered timeline (the scrollbar
// stands for every image); rows are fetched a page at a time around what is on screen.
import { type ReactElement, useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineEntry, TimelinePage, TimelineParam, TimelineQuery, TimelineSession } from '../../shared/timeline';
import { timelineParams } from '../../shared/timeline';
import { useApi } from '../api/client';
import type { CompareSide } from '../compare/compare-request';
import { ErrorNotice } from '../components/ErrorNotice';
import type { AppError } from '../../shared/result';
import { fileNameOf } from '../library/format';
import { changeWords, dateInputValue, sessionLabel, stamp } from './timeline-words';

const ROW = 58;
const PAGE = 100;
const OVERSCAN = 8;

interface Props {
  active: boolean;
  onCompare: (a: CompareSide, b: CompareSide) => void;
}

interface Filters {
  sessionId?: number;
  since?: number;
  until?: number;
  changed?: TimelineParam;
}

const side = (id: number, path: string): CompareSide => ({
  ref: { kind: 'indexed', imageId: id },
  label: fileNameOf(path),
});

export function TimelinePanel({ active, onCompare }: Props) {
  const api = useApi();
  const [filters, setFilters] = useState<Filters>({});
  const [pages, setPages] = useState<Map<number, TimelineEntry[]>>(new Map());
  const [meta, setMeta] = useState<Pick<TimelinePage, 'total' | 'sessions' | 'sessionGapMinutes'> | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [generation, setGeneration] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const loading = useRef(new Set<number>());
  // Bumped by every reset: an answer to a request made before it (other filters) is dropped.
  const epoch = useRef(0);
  const filterKey = JSON.stringify(filters);

  // A new filter (or a refresh) starts from an empty page cache at the top.
  useEffect(() => {
    setPages(new Map());
    setMeta(null);
    epoch.current++;
    loading.current = new Set();
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [filterKey, generation]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(meta?.total ?? PAGE, Math.ceil((scrollTop + height) / ROW) + OVERSCAN);
  const wanted = useMemo(() => {
    const out: number[] = [];
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last - 1) / PAGE); p++) out.push(p);
    return out;
  }, [first, last]);

  useEffect(() => {
    if (!active) return;
    for (const page of wanted) {
      if (pages.has(page) || loading.current.has(page)) continue;
      loading.current.add(page);
      const query: TimelineQuery = { ...(JSON.parse(filterKey) as Filters), offset: page * PAGE, limit: PAGE };
      const asked = epoch.current;
      void api.request('library.timeline', query).then((result) => {
        if (asked !== epoch.current) return;
        loading.current.delete(page);
        if (!result.ok) return setError(result.error);
        setError(null);
        setMeta({
          total: result.value.total,
          sessions: result.value.sessions,
          sessionGapMinutes: result.value.sessionGapMinutes,
        });
        setPages((prev) => new Map(prev).set(page, result.value.items));
      });
    }
  }, [active, api, wanted, pages, filterKey]);

  const entryAt = (i: number): TimelineEntry | undefined => pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  const sessions = new Map((meta?.sessions ?? []).map((s) => [s.id, s]));
  const rows: ReactElement[] = [];
  for (let i = first; i < Math.min(last, meta?.total ?? 0); i++) {
    const entry = entryAt(i);
    const above = i > 0 ? entryAt(i - 1) : undefined;
    const startsSession =
      entry !== undefined && (i === 0 || (above !== undefined && above.sessionId !== entry.sessionId));
    rows.push(
      <TimelineRow
        key={i}
        top={i * ROW}
        entry={entry}
        session={startsSession && entry ? sessions.get(entry.sessionId) : undefined}
        onCompare={onCompare}
      />,
    );
  }
  const ready = meta !== null && wanted.every((p) => pages.has(p) || p * PAGE >= meta.total);

  return (
    <div className="timeline" data-testid="timeline" data-ready={ready} data-total={meta?.total ?? 0}>
      <TimelineFilters
        filters={filters}
        sessions={meta?.sessions ?? []}
        gapMinutes={meta?.sessionGapMinutes ?? 30}
        onChange={setFilters}
        onRefresh={() => setGeneration((g) => g + 1)}
      />
      {error && <ErrorNotice action="Loading the timeline" error={error} onRetry={() => setGeneration((g) => g + 1)} />}
      {meta && meta.total === 0 && (
        <p className="dim" data-testid="timeline-empty">
          {Object.keys(filters).length > 0
            ? 'No image matches these filters.'
            : 'No images yet. Add a folder in the Library view; its images appear here in the order they were generated.'}
        </p>
      )}
      <div className="timeline-scroll" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div style={{ height: (meta?.total ?? 0) * ROW, position: 'relative' }}>{rows}</div>
      </div>
    </div>
  );
}

function TimelineRow({
  top,
  entry,
  session,
  onCompare,
}: {
  top: number;
  entry?: TimelineEntry;
  session?: TimelineSession;
  onCompare: Props['onCompare'];
}) {
  const api = useApi();
  if (!entry)
    return (
      <div className="timeline-row dim" style={{ top, height: ROW }}>
        …
      </div>
    );
  const { image } = entry;
  const pill = entry.sameParameters ? (
    entry.pixelsAgree === null ? (
      <span className="pill">pixels not hashed yet</span>
    ) : entry.pixelsAgree ? (
      <span className="pill ok">pixels agree</span>
    ) : (
      <span className="pill bad">pixels differ</span>
    )
  ) : null;
  return (
    <div
      className={`timeline-row${session ? ' session-start' : ''}`}
      style={{ top, height: ROW }}
      data-testid="timeline-row"
      data-image-id={image.id}
    >
      <div className="timeline-thumb">
        {image.pixelState === 'done' ? (
          <img src={api.mediaUrl('thumb', image.id)} alt="" loading="lazy" />
        ) : (
          <span className="dim">…</span>
        )}
      </div>
      <div className="timeline-when mono">
        {session && (
          <span className="session-label" data-testid="session-label" title={sessionLabel(session)}>
            session {session.id} · {session.count} image(s)
          </span>
        )}
        <span title={entry.recordedTime ? 'time recorded in the metadata' : "the file's modification time"}>
          {stamp(entry.generatedAt)}
        </span>
      </div>
      <div className="timeline-what">
        <div className="timeline-file" title={image.path}>
          {fileNameOf(image.path)}
        </div>
        <div className={`timeline-change${entry.previousId === null ? ' dim' : ''}`} data-testid="change-line">
          {pill} {changeWords(entry)}
          {entry.previousId === null && image.promptPreview ? `: ${image.promptPreview}` : ''}
        </div>
      </div>
      {entry.previousId !== null && (
        <button
          type="button"
          className="timeline-compare"
          onClick={() =>
            onCompare(
              { ref: { kind: 'indexed', imageId: entry.previousId! }, label: `previous of ${fileNameOf(image.path)}` },
              side(image.id, image.path),
            )
          }
          title="Compare with the previous image of this line of work"
          data-testid="compare-previous"
        >
          Compare with previous
        </button>
      )}
    </div>
  );
}

function TimelineFilters({
  filters,
  sessions,
  gapMinutes,
  onChange,
  onRefresh,
}: {
  filters: Filters;
  sessions: TimelineSession[];
  gapMinutes: number;
  onChange: (f: Filters) => void;
  onRefresh: () => void;
}) {
  const set = (patch: Partial<Filters>): void => {
    const next: Filters = { ...filters, ...patch };
    for (const key of Object.keys(next) as Array<keyof Filters>) if (next[key] === undefined) delete next[key];
    onChange(next);
  };
  const day = (value: string, end: boolean): number | undefined =>
    value ? new Date(`${value}T00:00:00`).getTime() + (end ? 86_400_000 : 0) : undefined;
  return (
    <div className="timeline-filters">
      <label>
        Session{' '}
        <select
          value={filters.sessionId ?? ''}
          onChange={(e) => set({ sessionId: e.target.value ? Number(e.target.value) : undefined })}
          data-testid="timeline-session"
        >
          <option value="">all ({sessions.length})</option>
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {sessionLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        From{' '}
        <input
          type="date"
          value={dateInputValue(filters.since)}
          onChange={(e) => set({ since: day(e.target.value, false) })}
          data-testid="timeline-since"
        />
      </label>
      <label>
        to{' '}
        <input
          type="date"
          value={dateInputValue(filters.until, true)}
          onChange={(e) => set({ until: day(e.target.value, true) })}
          data-testid="timeline-until"
        />
      </label>
      <label>
        Only runs where{' '}
        <select
          value={filters.changed ?? ''}
          onChange={(e) => set({ changed: (e.target.value || undefined) as TimelineParam | undefined })}
          data-testid="timeline-changed"
        >
          <option value="">anything</option>
          {timelineParams.map((p) => (
            <option key={p} value={p}>
              {p === 'negative' ? 'negative prompt' : p === 'lora' ? 'a LoRA' : p}
            </option>
          ))}
        </select>{' '}
        changed
      </label>
      <span className="dim" style={{ fontSize: 11 }} title="A pause longer than this starts a new session">
        sessions split at {gapMinutes} min idle
      </span>
      <span style={{ flex: 1 }} />
      <button type="button" onClick={onRefresh}>
        Refresh
      </button>
    </div>
  );
}
