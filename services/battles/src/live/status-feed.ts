import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from '@garrison/kit';
import type { Logger } from 'pino';
import type { BattleRecord } from '../adapters/battle-repository.js';
import { watchBattle } from '../app/watch-battle.js';
import type { Database } from '../database.js';
import { SharedFeeds, type FeedOutlet } from './shared-feeds.js';

/**
 * A battle's status as its spectators on this instance see it: one poll per watched battle, shared by
 * all of them. A new spectator gets the latest status at once; a failed poll is logged and retried.
 */
export class BattleStatusFeed {
  private readonly feeds: SharedFeeds<BattleRecord>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {
    this.feeds = new SharedFeeds((battleId, outlet) => this.follow(battleId, outlet), { replayLatest: true });
  }

  subscribe(battleId: string, listener: (record: BattleRecord) => void): () => void {
    return this.feeds.subscribe(battleId, listener);
  }

  close(): void {
    this.feeds.close();
  }

  private async follow(battleId: string, { emit, signal }: FeedOutlet<BattleRecord>): Promise<void> {
    while (!signal.aborted) {
      try {
        for await (const record of watchBattle(this.db, battleId, this.pollMs, signal)) emit(record);
        return; // terminal status reached, or the battle is gone
      } catch (err) {
        this.log.warn({ err, battleId }, 'spectator status poll failed; retrying');
        await sleep(this.pollMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }
}
