import { Match, createMatch } from '../src/index.js';
import type { Answer, BulletState, Intent, RulesOverrides, TankState } from '../src/index.js';

/**
 * A match in round 1 with tanks placed by hand: built through the public snapshot API, the same
 * way a resumed battle is, so the engine needs no test hooks.
 */
export function arrange(
  tanks: Array<Partial<TankState>>,
  opts: { rules?: RulesOverrides; bullets?: BulletState[] } = {},
): Match {
  const match = createMatch({
    seed: 1,
    participants: tanks.map((_, i) => ({ name: `p${i}` })),
    ...(opts.rules ? { rules: opts.rules } : {}),
  });
  match.startRound();
  const s = match.snapshot();
  s.tanks = s.tanks.map((t, i) => ({ ...t, heading: 0, turret: 0, radar: 0, ...tanks[i] }));
  if (opts.bullets) s.bullets = opts.bullets;
  return Match.fromSnapshot(s);
}

export function act(...intents: Intent[]): Answer[] {
  return intents.map((intent) => ({ intent }));
}

export const idle = (n: number): Answer[] => Array.from({ length: n }, () => ({ intent: {} }));

export function tankOf(match: Match, i: number): TankState {
  const t = match.snapshot().tanks[i];
  if (!t) throw new Error(`no tank ${i}`);
  return t;
}
