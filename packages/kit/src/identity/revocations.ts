import type { Logger } from 'pino';

/** One entry of auth's revocation feed: tokens of `userId` issued before `notBefore` are refused. */
export interface Revocation {
  userId: string;
  /** Unix seconds. */
  notBefore: number;
}

export interface RevocationFeedPage {
  items: Revocation[];
  cursor: number;
}

/**
 * Users whose earlier access tokens no longer count: deactivated accounts and accounts that lost a
 * role (ADR 153). Fed by auth's revocation feed, which auth builds from the users events
 * (user.deactivated, user.updated with active=false, user.roles-changed). Kept for one access-token
 * lifetime, since older tokens have expired anyway.
 */
export class RevocationList {
  private readonly notBefore = new Map<string, number>();
  private readonly listeners = new Set<(r: Revocation) => void>();

  /** True when a token of `userId` issued at `issuedAt` (unix seconds) was revoked. */
  isRevoked(userId: string, issuedAt: number): boolean {
    const cutoff = this.notBefore.get(userId);
    return cutoff !== undefined && issuedAt < cutoff;
  }

  apply(items: readonly Revocation[]): void {
    for (const item of items) {
      const known = this.notBefore.get(item.userId) ?? 0;
      if (item.notBefore <= known) continue;
      this.notBefore.set(item.userId, item.notBefore);
      for (const listener of this.listeners) listener(item);
    }
  }

  /** Calls `listener` for each new revocation (e.g. to close that user's WebSockets); returns the unsubscribe. */
  onRevoked(listener: (r: Revocation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface RevocationPollerOptions {
  list: RevocationList;
  /** auth's feed URL right now (through discovery); undefined while auth is unknown. */
  feedUrl: () => Promise<string | undefined>;
  intervalMs: number;
  log: Logger;
}

/**
 * Follows auth's feed: one small request per interval that returns only what is new since the last
 * cursor. Auth down means the list stays as it was (and tokens still expire on their own).
 */
export function startRevocationPoller(opts: RevocationPollerOptions): { stop(): void } {
  let cursor = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;

  const poll = async () => {
    const base = await opts.feedUrl().catch(() => undefined);
    if (!base) return;
    const res = await fetch(`${base}?after=${cursor}`, { signal: AbortSignal.timeout(2_000) });
    if (res.status === 404) return; // an auth without the feed (a test stand-in)
    if (!res.ok) throw new Error(`revocation feed answered ${res.status}`);
    const page = (await res.json()) as RevocationFeedPage;
    opts.list.apply(page.items);
    cursor = page.cursor;
  };

  const loop = () => {
    if (stopped) return;
    poll()
      .then(() => {
        if (failing) opts.log.info('revocation feed reachable again');
        failing = false;
      })
      .catch((err: unknown) => {
        if (!failing) opts.log.warn({ err }, 'revocation feed unreachable; keeping the list as it is');
        failing = true;
      })
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(loop, opts.intervalMs);
        timer.unref();
      });
  };
  loop();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
