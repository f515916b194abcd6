// Auto-search pairing (SPEC 3.4): close conservative ratings, a window that widens while one waits,
// no immediate rematch. Pure: the caller brings the queue and the clock.

export interface Searcher {
  userId: string;
  rating: number;
  /** When the player started searching (ms since epoch). */
  since: number;
  /** The opponent of this player's previous matchmaking battle, if any. */
  lastOpponentId: string | null;
}

export interface PairingPolicy {
  /** Rating difference accepted at once. */
  windowBase: number;
  /** Added per `windowStepMs` of waiting. */
  windowStep: number;
  windowStepMs: number;
  /** A rematch of the previous opponents is allowed once both have waited this long. */
  rematchAfterMs: number;
}

export const DEFAULT_POLICY: PairingPolicy = {
  windowBase: 100,
  windowStep: 50,
  windowStepMs: 10_000,
  rematchAfterMs: 60_000,
};

/** The rating difference a searcher accepts after waiting until `now`. */
export function windowOf(s: Searcher, now: number, policy: PairingPolicy): number {
  const waited = Math.max(0, now - s.since);
  return policy.windowBase + policy.windowStep * Math.floor(waited / policy.windowStepMs);
}

/** Both must accept the difference, and previous opponents meet again only after both waited long. */
export function compatible(a: Searcher, b: Searcher, now: number, policy: PairingPolicy): boolean {
  if (a.userId === b.userId) return false;
  const diff = Math.abs(a.rating - b.rating);
  if (diff > Math.min(windowOf(a, now, policy), windowOf(b, now, policy))) return false;
  const rematch = a.lastOpponentId === b.userId || b.lastOpponentId === a.userId;
  if (rematch) return now - a.since >= policy.rematchAfterMs && now - b.since >= policy.rematchAfterMs;
  return true;
}

/**
 * Pairs the queue greedily: the longest-waiting searcher first takes the compatible partner with the
 * closest rating (ties: who waited longer, then user id, so the result never depends on input order).
 */
export function pairSearchers(
  queue: readonly Searcher[],
  now: number,
  policy: PairingPolicy = DEFAULT_POLICY,
): Array<[Searcher, Searcher]> {
  const order = [...queue].sort((x, y) => x.since - y.since || x.userId.localeCompare(y.userId));
  const taken = new Set<string>();
  const pairs: Array<[Searcher, Searcher]> = [];
  for (const a of order) {
    if (taken.has(a.userId)) continue;
    let best: Searcher | undefined;
    for (const b of order) {
      if (b === a || taken.has(b.userId) || !compatible(a, b, now, policy)) continue;
      if (!best || Math.abs(a.rating - b.rating) < Math.abs(a.rating - best.rating)) best = b;
    }
    if (best) {
      taken.add(a.userId).add(best.userId);
      pairs.push([a, best]);
    }
  }
  return pairs;
}
