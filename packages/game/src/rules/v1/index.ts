import { DEFAULT_RULES } from '../../config.js';
import type { RulesModule } from '../module.js';

/** Rules v1 (SPEC 3.1): an empty rectangular arena. Its numbers live in config.ts. */
const v1: RulesModule = {
  version: 1,
  summary: 'empty arena (duel 800×600, free-for-all 1200×900)',
  defaults: DEFAULT_RULES,
  layout: (mode, rules) => ({ ...(mode === 'duel' ? rules.duelArena : rules.ffaArena) }),
  terrain: () => undefined,
};
export const rulesV1: RulesModule = Object.freeze(v1);
