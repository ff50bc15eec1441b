// The search results as a window over the whole result set: `library.count` gives the grid its full height, and
// rows are fetched by position (aligned pages) around where the person is, so a jump to 50% of the scrollbar asks
// for the rows in the middle, not every page before them. Answers to an outdated query are dropped (typing fast
// sends several). One count and two pages by position are in flight at a time: the backend answers them on one read
// worker that runs one request of a kind and keeps only the newest waiting one (a third page would push out the
// second, refused as superseded), and at 1M rows only the newest count and the pages where the person is matter.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageSummary, SearchFilters } from '../../shared/library';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/client';
import { PAGE_SIZE, ResultPages } from './result-pages';

/** A drag across the scrollbar passes thousands of pages: after its first position, fetch once it rests this long... */
const FETCH_SETTLE_MS = 40;
/** ...or at least this often while it keeps moving, so a steady scroll fills in as it goes. */
const FETCH_MAX_WAIT_MS = 150;
/** Shift-marking a range fetches the rows in it; beyond this it is not a gesture anyone means. */
export const MAX_RANGE = 10_000;
/** The backend's read worker runs one position read and keeps one waiting (library-reader.ts). */
const PAGES_IN_FLIGHT = 2;

export interface ResultWindow {
  /** Positions the grid spans: the count once known, else what the pages loaded so far reach. */
  total: number;
  /** The real number of matches (the count's answer, or the end a last page showed); null until known. */
  counted: number | null;
  /** Why the count could not be had (the grid then spans what is loaded). */
  countError: AppError | null;
  loadedCount: number;
  /** Bumped whenever rows arrive or are dropped, for effects that look rows up. */
  version: number;
  itemAt: (index: number) => ImageSummary | undefined;
  indexOfId: (id: number) => number;
  /** The first page of the current query has not answered yet. */
  loading: boolean;
  error: AppError | null;
  /** The first page shown answers the current text, filters and library change (the count may still be coming). */
  rowsSettled: boolean;
  /** The rows and the count shown answer the current text, filters and library change. */
  settled: boolean;
  /** The grid reports the positions on screen; their pages are fetched (debounced while scrolling). */
  showRange: (start: number, end: number) => void;
  /** Fetches the row at `index` now (a keyboard jump to a row not loaded yet). */
  load: (index: number) => Promise<ImageSummary | null>;
  /** The rows [from, to] inclusive, fetched as needed; null when the range is too long or a fetch failed. */
  range: (from: number, to: number) => Promise<ImageSummary[] | null>;
}

/** A page asked for one library state: an answer for an older one is not placed. */
const fetchKeyOf = (generation: Generation, page: number): string => `${generation.data}:${page}`;

interface Generation {
  /** text + filters, as one key */
  query: string;
  text: string;
  filters: SearchFilters;
  /** Bumped by every refresh and query change: answers for an older one are not placed. */
  data: number;
  /** The caller's refresh this generation answers. */
  refresh: number;
}

/** `refresh` is bumped by the caller when the library changed: the count and the rows in view are asked again. */
export function useResultWindow(text: string, filters: SearchFilters, refresh: number): ResultWindow {
  const api = useApi();
  const filterKey = JSON.stringify(filters);
  const queryKey = `${text}\u0000${filterKey}`;
  const pages = useRef(new ResultPages()).current;
  const gen = useRef<Generation>({ query: '', text: '', filters: {}, data: 0, refresh: -1 });
  const inFlight = useRef(new Map<number, Promise<void>>());
  const wanted = useRef({ start: 0, end: PAGE_SIZE });
  const fetchTimer = useRef<{ timer: number; since: number } | null>(null);
  const lastFetchAt = useRef(0);
  const countInFlight = useRef(false);
  /** Pages to fetch, most wanted first; `fetching` are the ones asked now, as `${data generation}:${page}` (an
   *  outdated one still takes a server slot until it answers, but does not stand for the current one). */
  const queue = useRef<number[]>([]);
  const fetching = useRef(new Set<string>());
  const waiters = useRef(new Map<number, Array<() => void>>());
  // A new query keeps the previous rows on screen until its first page answers: typing does not blank the grid.
  const replacing = useRef(false);
  const lastTotal = useRef(0);
  const [version, setVersion] = useState(0);
  const [counted, setCounted] = useState<{ total: number; query: string; data: number } | null>(null);
  const [countError, setCountError] = useState<{ error: AppError; data: number } | null>(null);
  /** The data generation the latest page answer belongs to (the view shows rows of that library state). */
  const [answered, setAnswered] = useState(-1);
  const [error, setError] = useState<AppError | null>(null);
  const bump = useCallback(() => setVersion((v) => v + 1), []);

  const fetchPage = useCallback(
    (page: number): Promise<void> => {
      const running = inFlight.current.get(page);
      if (running) return running;
      const mine = gen.current;
      const task = api
        .request('library.search', {
          text: mine.text,
          filters: mine.filters,
          offset: page * PAGE_SIZE,
          limit: PAGE_SIZE,
        })
        .then((r) => {
          if (gen.current !== mine) return;
          inFlight.current.delete(page);
          // Another request of this kind replaced ours on the server: the page stays unloaded and is asked again
          // when it is still on screen.
          if (!r.ok && r.error.code === 'superseded') return;
          if (replacing.current) {
            replacing.current = false;
            pages.clear();
            bump();
          }
          setAnswered(mine.data);
          if (!r.ok) {
            setError(r.error);
            return;
          }
          setError(null);
          const { items, nextCursor, offset } = r.value;
          // A server that answers another position than asked is placed where it says (or not at all).
          if (offset === null || !pages.put(offset, items, nextCursor !== null)) return;
          // The last page shows where the results end: the true total, as fresh as this answer.
          if (nextCursor === null && (items.length > 0 || offset === 0))
            setCounted({ total: offset + items.length, query: mine.query, data: mine.data });
          pages.evictFarFrom(pages.pageOf(wanted.current.start));
          bump();
        });
      inFlight.current.set(page, task);
      return task;
    },
    [api, pages, bump],
  );

  const pump = useCallback((): void => {
    if (fetching.current.size >= PAGES_IN_FLIGHT) return;
    const page = queue.current.shift();
    if (page === undefined) return;
    const key = fetchKeyOf(gen.current, page);
    fetching.current.add(key);
    void fetchPage(page).then(() => {
      fetching.current.delete(key);
      const done = waiters.current.get(page);
      waiters.current.delete(page);
      for (const wake of done ?? []) wake();
      pump();
    });
    pump();
  }, [fetchPage]);

  /** Replaces what is waiting with `wantedPages` (in that order); pages already fresh or being fetched are skipped. */
  const enqueue = useCallback(
    (wantedPages: number[]): void => {
      const next = wantedPages.filter(
        (p, k) =>
          !pages.isFresh(p) && !fetching.current.has(fetchKeyOf(gen.current, p)) && wantedPages.indexOf(p) === k,
      );
      for (const dropped of queue.current.filter((p) => !next.includes(p))) {
        for (const wake of waiters.current.get(dropped) ?? []) wake();
        waiters.current.delete(dropped);
      }
      queue.current = next;
      pump();
    },
    [pages, pump],
  );

  /** Puts `page` first in line and resolves once it has been fetched (or dropped for a newer query). */
  const fetchFirst = useCallback(
    (page: number): Promise<void> => {
      if (pages.isFresh(page)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.current.set(page, [...(waiters.current.get(page) ?? []), resolve]);
        if (fetching.current.has(fetchKeyOf(gen.current, page))) return;
        queue.current = [page, ...queue.current.filter((p) => p !== page)];
        pump();
      });
    },
    [pages, pump],
  );

  /** The pages on screen first, then one on each side so a steady scroll rarely meets a placeholder. */
  const fetchWanted = useCallback((): void => {
    fetchTimer.current = null;
    lastFetchAt.current = Date.now();
    const { start, end } = wanted.current;
    const onScreen = pages.pagesFor(start, end);
    const first = pages.pageOf(start);
    const last = pages.pageOf(Math.max(start, end - 1));
    const around = [first - 1, last + 1].filter((p) => p >= 0 && p * PAGE_SIZE < lastTotal.current);
    enqueue([...onScreen, ...around]);
  }, [pages, enqueue]);

  const requestCount = useCallback((): void => {
    if (countInFlight.current) return;
    countInFlight.current = true;
    const mine = gen.current;
    void api.request('library.count', { text: mine.text, filters: mine.filters }).then((r) => {
      countInFlight.current = false;
      const now = gen.current;
      if (r.ok && now.query === mine.query)
        setCounted((c) => (c && c.query === mine.query && c.data > mine.data ? c : { ...r.value, ...mine }));
      const superseded = !r.ok && r.error.code === 'superseded';
      if (!r.ok && !superseded && now.query === mine.query) setCountError({ error: r.error, data: mine.data });
      // The query or the library changed while this count ran (or another client's count replaced it on the
      // server): ask once more, for the newest only.
      if (now !== mine || superseded) requestCount();
    });
  }, [api]);

  useEffect(() => {
    const sameQuery = gen.current.query === queryKey;
    gen.current = {
      query: queryKey,
      text,
      filters: JSON.parse(filterKey) as SearchFilters,
      data: gen.current.data + 1,
      refresh,
    };
    inFlight.current.clear();
    enqueue([]);
    if (sameQuery) {
      pages.markStale();
      fetchWanted();
    } else {
      pages.markStale();
      replacing.current = true;
      wanted.current = { start: 0, end: PAGE_SIZE };
      setCountError(null);
      setError(null);
      bump();
      void fetchPage(0);
    }
    requestCount();
  }, [queryKey, text, filterKey, refresh, pages, fetchPage, fetchWanted, enqueue, requestCount, bump]);

  useEffect(
    () => () => {
      if (fetchTimer.current) window.clearTimeout(fetchTimer.current.timer);
    },
    [],
  );

  const showRange = useCallback(
    (start: number, end: number): void => {
      wanted.current = { start, end };
      if (pages.pagesFor(start, end).every((p) => pages.isFresh(p) || inFlight.current.has(p))) return;
      const now = Date.now();
      // A jump (nothing asked for a while): fetch at once. A drag: the first position at once, then where it rests.
      const leading = !fetchTimer.current && now - lastFetchAt.current >= FETCH_MAX_WAIT_MS;
      const since = fetchTimer.current?.since ?? now;
      if (fetchTimer.current) window.clearTimeout(fetchTimer.current.timer);
      if (leading || now - since >= FETCH_MAX_WAIT_MS) {
        fetchWanted();
        return;
      }
      fetchTimer.current = { timer: window.setTimeout(fetchWanted, FETCH_SETTLE_MS), since };
    },
    [pages, fetchWanted],
  );

  const load = useCallback(
    async (index: number): Promise<ImageSummary | null> => {
      if (index < 0) return null;
      const page = pages.pageOf(index);
      await fetchFirst(page);
      return pages.at(index) ?? null;
    },
    [pages, fetchFirst],
  );

  const range = useCallback(
    async (from: number, to: number): Promise<ImageSummary[] | null> => {
      if (to - from + 1 > MAX_RANGE) return null;
      const mine = gen.current;
      for (const p of pages.pagesFor(from, to + 1)) if (pages.at(p * PAGE_SIZE) === undefined) await fetchFirst(p);
      if (gen.current.query !== mine.query) return null;
      const out: ImageSummary[] = [];
      for (let i = from; i <= to; i += 1) {
        const item = pages.at(i);
        if (!item) return null;
        out.push(item);
      }
      return out;
    },
    [pages, fetchFirst],
  );

  const data = gen.current.data;
  const count = counted && counted.query === queryKey ? counted : null;
  const failed = countError && countError.data === data ? countError.error : null;
  const total = count ? count.total : replacing.current ? lastTotal.current : pages.loadedExtent();
  lastTotal.current = total;
  // In the render after a new text, filter or refresh, the generation has not moved yet (an effect moves it).
  const rowsSettled = gen.current.query === queryKey && gen.current.refresh === refresh && answered === data;
  return {
    total,
    counted: count ? count.total : null,
    countError: failed,
    loadedCount: pages.loadedCount(),
    version,
    itemAt: (index) => pages.at(index),
    indexOfId: (id) => pages.indexOfId(id),
    loading: answered !== data && !error && (replacing.current || pages.loadedCount() === 0),
    error,
    rowsSettled,
    settled: rowsSettled && (count?.data === data || failed !== null),
    showRange,
    load,
    range,
  };
}
