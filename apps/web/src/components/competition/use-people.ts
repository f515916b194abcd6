import { useEffect, useState } from 'react';
import type { User } from '../../api/types';
import { competition } from '../../services';

// One request per person per page load, shared by every screen that names them.
const known = new Map<string, Promise<User | null>>();

function lookUp(userId: string): Promise<User | null> {
  let found = known.get(userId);
  if (!found) {
    found = competition.users.get(userId).catch(() => null);
    known.set(userId, found);
  }
  return found;
}

/** Display names of the given users as they arrive; `name(id)` falls back to a short id meanwhile. */
export function usePeople(ids: readonly string[]): { name: (userId: string) => string } {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split(',') : [];
    void Promise.all(wanted.map(async (id) => [id, await lookUp(id)] as const)).then((found) => {
      if (!live) return;
      setNames(new Map(found.map(([id, user]) => [id, user ? user.displayName || user.login : shortId(id)])));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return { name: (userId) => names.get(userId) ?? shortId(userId) };
}

function shortId(userId: string): string {
  return `player ${userId.slice(0, 6)}`;
}
