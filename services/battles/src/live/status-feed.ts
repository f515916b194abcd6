import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from '@garrison/kit';
import type { Logger } from 'pino';
import type { BattleRecord } from '../adapters/battle-repository.js';
import { isTerminal, watchBattle } from '../app/watch-battle.js';
import type { Database } from '../database.js';

type Listener = (record: BattleRecord) => void;

interface Feed {
  listeners: Set<Listener>;
  latest: BattleRecord | undefined;
  abort: AbortController;
}

/**
 * One status poll per watched battle, shared by all of its spectators on this instance. A poll per
 * spectator made 1,000 spectators run ~4,000 queries a second and exhaust the pool (bench/src/battles).
 * A new spectator gets the latest status at once; a failed poll is logged and retried.
 */
export class BattleStatusFeed {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  subscribe(battleId: string, listener: Listener): () => void {
    let feed = this.feeds.get(battleId);
    if (!feed) {
      feed = { listeners: new Set(), latest: undefined, abort: new AbortController() };
      this.feeds.set(battleId, feed);
      void this.follow(battleId, feed);
    } else if (feed.latest) {
      listener(feed.latest);
    }
    feed.listeners.add(listener);
    const own = feed;
    return () => {
      own.listeners.delete(listener);
      if (own.listeners.size === 0) this.stop(battleId, own);
    };
  }

  close(): void {
    for (const [battleId, feed] of this.feeds) this.stop(battleId, feed);
  }

  private stop(battleId: string, feed: Feed): void {
    feed.abort.abort();
    if (this.feeds.get(battleId) === feed) this.feeds.delete(battleId);
  }

  private async follow(battleId: string, feed: Feed): Promise<void> {
    const { signal } = feed.abort;
    while (!signal.aborted) {
      try {
        for await (const record of watchBattle(this.db, battleId, this.pollMs, signal)) {
          feed.latest = record;
          for (const listener of [...feed.listeners]) listener(record);
        }
        break; // terminal status reached, or the battle is gone
      } catch (err) {
        this.log.warn({ err, battleId }, 'spectator status poll failed; retrying');
        await sleep(this.pollMs, undefined, { signal }).catch(() => undefined);
      }
    }
    // A finished feed is dropped so a later spectator starts a fresh one (and reads the result).
    if (feed.latest && isTerminal(feed.latest.battle.status)) this.stop(battleId, feed);
  }
}
