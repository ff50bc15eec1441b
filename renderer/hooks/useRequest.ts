// Loads one request's result into state; a failure keeps the Result's message, which says what to do.
import { useCallback, useEffect, useState } from 'react';
import type { RequestArgs, RequestName, RequestResult } from '../../shared/contract';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/client';

export interface Loaded<T> {
  value: T | null;
  error: AppError | null;
  loading: boolean;
  reload: () => void;
}

/** `args` is compared by its JSON, so callers may pass a fresh object each render. */
export function useRequest<N extends RequestName>(name: N, args: RequestArgs<N> | null): Loaded<RequestResult<N>> {
  const api = useApi();
  const [value, setValue] = useState<RequestResult<N> | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(args !== null);
  const [generation, setGeneration] = useState(0);
  const key = args === null ? null : JSON.stringify(args);

  useEffect(() => {
    if (key === null) return;
    let live = true;
    setLoading(true);
    void api.request(name, JSON.parse(key) as RequestArgs<N>).then((result) => {
      if (!live) return;
      setLoading(false);
      if (result.ok) {
        setValue(result.value);
        setError(null);
      } else {
        setError(result.error);
      }
    });
    return () => {
      live = false;
    };
  }, [api, name, key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { value, error, loading, reload };
}
