import { useCallback, useState } from 'react';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../api/problem';

/** Runs a user-started async action and keeps its pending flag and its error (as an ApiError) for the form. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(
    async (...args: A) => {
      setPending(true);
      setError(null);
      try {
        await action(...args);
      } catch (e) {
        setError(
          e instanceof ApiError ? e : new ApiError(0, e instanceof Error ? e.message : NETWORK_ERROR_MESSAGE),
        );
      } finally {
        setPending(false);
      }
    },
    [action],
  );
  return { run, pending, error, clearError: () => setError(null) };
}
