import type { Obstacle } from '@garrison/bot-api';
import { DEFAULT_RULES } from '../../config.js';
import type { Mode, RulesConfig } from '../../config.js';
import { Rng } from '../../rng.js';
import type { RulesModule } from '../module.js';
import { ObstacleTerrain } from './obstacles.js';

/** Obstacles per arena, and their sides (units). */
export const V2_OBSTACLES = Object.freeze({ duel: 3, ffa: 5, minSide: 40, maxSide: 140 });
/** The layout draws from its own generator, so the battle's random stream is left alone. */
const LAYOUT_SALT = 0x0b57ac1e;
const ATTEMPTS = 200;

/**
 * Rules v2: the numbers of v1, and an arena with a few solid rectangles that block tanks, bullets
 * and radar. The layout follows from the seed and stays the same for every round of the battle.
 * Obstacles keep 3 tank radii from the walls and from each other, so a tank can drive around each.
 */
export function layoutObstacles(mode: Mode, rules: Readonly<RulesConfig>, seed: number): Obstacle[] {
  const arena = mode === 'duel' ? rules.duelArena : rules.ffaArena;
  const gap = 3 * rules.tankRadius;
  const rng = Rng.fromSeed((seed ^ LAYOUT_SALT) >>> 0);
  const out: Obstacle[] = [];
  const count = mode === 'duel' ? V2_OBSTACLES.duel : V2_OBSTACLES.ffa;
  for (let k = 0; k < count; k++) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const width = rng.int(V2_OBSTACLES.minSide, V2_OBSTACLES.maxSide);
      const height = rng.int(V2_OBSTACLES.minSide, V2_OBSTACLES.maxSide);
      if (arena.width - 2 * gap < width || arena.height - 2 * gap < height) break;
      const x = rng.int(gap, arena.width - gap - width);
      const y = rng.int(gap, arena.height - gap - height);
      const apart = out.every(
        (o) =>
          x >= o.x + o.width + gap ||
          o.x >= x + width + gap ||
          y >= o.y + o.height + gap ||
          o.y >= y + height + gap,
      );
      if (apart) {
        out.push({ x, y, width, height });
        break;
      }
    }
  }
  return out;
}

const v2: RulesModule = {
  version: 2,
  summary: 'v1 plus obstacles that block tanks, bullets and radar',
  defaults: DEFAULT_RULES,
  layout: (mode, rules, seed) => ({
    ...(mode === 'duel' ? rules.duelArena : rules.ffaArena),
    obstacles: layoutObstacles(mode, rules, seed),
  }),
  terrain: (arena) => new ObstacleTerrain(arena.obstacles ?? []),
};
export const rulesV2: RulesModule = Object.freeze(v2);
