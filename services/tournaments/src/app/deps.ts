import type { Bus, Kysely, Scheduler, ServiceContext } from '@garrison/kit';
import type { Database } from '../database.js';
import type { BattleScheduler, SkillRatings } from './ports.js';

/** What the use cases need, assembled once in service.ts. */
export interface Deps {
  db: Kysely<Database>;
  bus: Bus;
  scheduler: Scheduler;
  log: ServiceContext['log'];
  battles: BattleScheduler;
  skills: SkillRatings;
  settings: { maxCapacity: number; seriesRegistrationMinutes: number; roundLeadSeconds: number };
}
