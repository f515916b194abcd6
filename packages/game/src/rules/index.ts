import type { RulesModule } from './module.js';
import { rulesV1 } from './v1/index.js';
import { rulesV2 } from './v2/index.js';

export type { RulesModule, Terrain } from './module.js';

/** Every rules version this engine plays, by number. Add a module here to add a version. */
const MODULES: ReadonlyMap<number, RulesModule> = new Map([rulesV1, rulesV2].map((m) => [m.version, m]));

/** The versions this engine plays, oldest first. */
export const RULES_VERSIONS: readonly number[] = Object.freeze([...MODULES.keys()].sort((a, b) => a - b));

export function isRulesVersion(v: unknown): v is number {
  return typeof v === 'number' && MODULES.has(v);
}

/** The module of a rules version; a RangeError for a version this engine does not play. */
export function rulesModule(version: number): RulesModule {
  const m = MODULES.get(version);
  if (!m) {
    throw new RangeError(
      `rules version ${version} is not supported (this engine plays ${RULES_VERSIONS.join(', ')})`,
    );
  }
  return m;
}
