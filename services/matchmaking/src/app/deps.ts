import type { Bus, Kysely, Scheduler, ServiceContext } from '@garrison/kit';
import type { Database } from '../database.js';
import type { PairingPolicy } from '../domain/pairing.js';
import type { BattleCreator, BotRegistry, SkillRatings } from './ports.js';
import type { RoomSignals } from '../live/room-signals.js';

/** What the use cases need, built once in service.ts. */
export interface Deps {
  db: Kysely<Database>;
  bus: Bus;
  scheduler: Scheduler;
  battles: BattleCreator;
  bots: BotRegistry;
  ratings: SkillRatings;
  rooms: RoomSignals;
  log: ServiceContext['log'];
  limits: {
    challengeTtlSeconds: number;
    challengesPerHour: number;
  };
  pairing: PairingPolicy;
}
