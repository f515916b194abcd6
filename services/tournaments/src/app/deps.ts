import type { Bus, Kysely, Scheduler, ServiceContext } from '@garrison/kit';
import type { Database } from '../database.js';
import type { BattleScheduler, BotRegistry, SkillRatings } from './ports.js';

/** What the use cases need, assembled once in service.ts. */
export interface Deps {
  db: Kysely<Database>;
  bus: Bus;
  scheduler: Scheduler;
  log: ServiceContext['log'];
  battles: BattleScheduler;
  bots: BotRegistry;
  skills: SkillRatings;
  settings: { maxCapacity: number; seriesRegistrationMinutes: number; roundLeadSeconds: number };
}
