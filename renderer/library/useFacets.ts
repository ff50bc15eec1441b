// The filter lists' counts. At 1M rows a facet query is the heaviest read the library has, so it is asked when
// the filters change, and while the library changes (a folder indexing refreshes the grid every 1.5 s) at most
// every FACET_REFRESH_MS, plus once when a job finishes. It never waits on, or holds up, the grid's own requests.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Facets } from '../../shared/contract';
import type { SearchFilters } from '../../shared/library';
import { useApi } from '../api/client';

export const FACET_REFRESH_MS = 10_000;

/** `libraryChanged` is bumped by every library change the grid refreshes for. */
export function useFacets(filters: SearchFilters, libraryChanged: number): Facets | null {
  const api = useApi();
  const [facets, setFacets] = useState<Facets | null>(null);
  const [ask, setAsk] = useState(0);
  const filterKey = JSON.stringify(filters);
  const lastAsked = useRef(0);
  const pending = useRef<number | null>(null);
  const newest = useRef(0);
  const inFlight = useRef(false);

  // A job's end is the moment the counts settle: ask then, whatever the throttle says.
  useEffect(() => api.subscribe('job.finished', () => setAsk((n) => n + 1)), [api]);

  useEffect(() => {
    if (libraryChanged === 0 || pending.current !== null) return;
    const wait = FACET_REFRESH_MS - (Date.now() - lastAsked.current);
    if (wait <= 0) {
      setAsk((n) => n + 1);
      return;
    }
    pending.current = window.setTimeout(() => {
      pending.current = null;
      setAsk((n) => n + 1);
    }, wait);
  }, [libraryChanged]);

  useEffect(
    () => () => {
      if (pending.current !== null) window.clearTimeout(pending.current);
    },
    [],
  );

  // One request in flight: the backend keeps only the newest waiting facet read, so a burst of filter changes
  // sends the first and then the newest, and only the newest answer is shown.
  const latestFilters = useRef(filterKey);
  latestFilters.current = filterKey;
  const send = useCallback((): void => {
    if (inFlight.current) return;
    inFlight.current = true;
    const mine = newest.current;
    const filters = JSON.parse(latestFilters.current) as SearchFilters;
    void api.request('library.facets', { filters }).then((r) => {
      inFlight.current = false;
      if (mine !== newest.current) send();
      else if (r.ok) setFacets(r.value);
    });
  }, [api]);

  useEffect(() => {
    void filterKey;
    void ask;
    lastAsked.current = Date.now();
    newest.current += 1;
    send();
  }, [send, filterKey, ask]);

  return facets;
}
