// The search results as a growing list: the first page on every query change, then keyset pages on demand.
// Responses to an outdated query are dropped (typing fast sends several).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageSummary, SearchFilters } from '../../shared/library';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/client';

const PAGE = 200;
/** The contract's largest page. */
const MAX_PAGE = 500;

export interface LibrarySearch {
  items: ImageSummary[];
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: AppError | null;
  loadMore: () => void;
  /** True once the items shown answer the current text and filters (readiness for tests and the count). */
  settled: boolean;
}

/** `refresh` is bumped by the caller to re-run the current query when the library changed. */
export function useLibrarySearch(text: string, filters: SearchFilters, refresh: number): LibrarySearch {
  const api = useApi();
  const [items, setItems] = useState<ImageSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const generation = useRef(0);
  const filterKey = JSON.stringify(filters);
  const queryKey = `${refresh}\u0000${text}\u0000${filterKey}`;
  const [answeredKey, setAnsweredKey] = useState<string | null>(null);
  const shown = useRef({ query: '', count: 0 });
  shown.current.count = items.length;

  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    // A refresh of the same query (the library changed while indexing) reloads as many rows as are shown, so a
    // person scrolled down the grid is not thrown back to the first page every second.
    const query = `${text}\u0000${filterKey}`;
    const limit = shown.current.query === query ? Math.min(MAX_PAGE, Math.max(PAGE, shown.current.count)) : PAGE;
    shown.current.query = query;
    void api
      .request('library.search', { text, filters: JSON.parse(filterKey) as SearchFilters, limit, cursor: null })
      .then((r) => {
        if (mine !== generation.current) return;
        setLoading(false);
        setLoadingMore(false);
        setAnsweredKey(queryKey);
        if (r.ok) {
          setItems(r.value.items);
          setCursor(r.value.nextCursor);
          setError(null);
        } else {
          setItems([]);
          setCursor(null);
          setError(r.error);
        }
      });
  }, [api, text, filterKey, refresh, queryKey]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    void api
      .request('library.search', { text, filters: JSON.parse(filterKey) as SearchFilters, limit: PAGE, cursor })
      .then((r) => {
        if (mine !== generation.current) return;
        setLoadingMore(false);
        if (r.ok) {
          setItems((prev) => {
            // A row indexed between pages can shift the keyset; never show the same image twice.
            const seen = new Set(prev.map((i) => i.id));
            return prev.concat(r.value.items.filter((i) => !seen.has(i.id)));
          });
          setCursor(r.value.nextCursor);
        } else {
          setError(r.error);
          setCursor(null);
        }
      });
  }, [api, cursor, loadingMore, text, filterKey]);

  return {
    items,
    hasMore: cursor !== null,
    loading,
    loadingMore,
    error,
    loadMore,
    settled: !loading && answeredKey === queryKey,
  };
}
