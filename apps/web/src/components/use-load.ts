import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/problem';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  /** Fetches again, keeping the old data on screen until the new answer arrives. */
  reload: () => void;
}

/**
 * Loads what a screen shows, again whenever `key` changes. Only the newest request may write: a slow
 * answer for yesterday never replaces the one for today the person asked for since.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(() => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    loader
      .current()
      .then((value) => {
        if (ticket === latest.current) setData(value);
      })
      .catch((e: unknown) => {
        if (ticket === latest.current) setError(e instanceof ApiError ? e.message : String(e));
      })
      .finally(() => {
        if (ticket === latest.current) setLoading(false);
      });
  }, []);

  useEffect(reload, [reload, key]);
  return { data, error, loading, reload };
}
