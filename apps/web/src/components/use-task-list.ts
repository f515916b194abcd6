import { useCallback, useEffect, useRef, useState } from 'react';
import type { Task, TaskPage } from '../api/ates-types';
import { ApiError } from '../api/problem';

/**
 * A list of tasks read page by page ("Show more"), where one task can be swapped after an action.
 * It reads the first page again whenever `version` changes (something on the board changed).
 */
export function useTaskList(fetchPage: (cursor: string | null) => Promise<TaskPage>, version = 0) {
  const [tasks, setTasks] = useState<Task[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;

  const load = useCallback((cursor: string | null) => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    fetcher
      .current(cursor)
      .then((page) => {
        if (ticket !== latest.current) return;
        setTasks((previous) => (cursor ? [...previous, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      })
      .catch((e: unknown) => {
        if (ticket === latest.current) setError(e instanceof ApiError ? e.message : String(e));
      })
      .finally(() => {
        if (ticket === latest.current) setLoading(false);
      });
  }, []);

  useEffect(() => load(null), [load, version]);

  const replace = useCallback((task: Task) => {
    setTasks((list) => list.map((t) => (t.id === task.id ? task : t)));
  }, []);

  return {
    tasks,
    nextCursor,
    loading,
    error,
    more: () => load(nextCursor),
    replace,
  };
}
