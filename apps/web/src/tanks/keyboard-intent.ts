// The keyboard as a bot: held keys → the intent sent each tick (rules v1 limits; the engine clamps anyway).
import type { Intent } from '@garrison/game';

export type Control = 'forward' | 'back' | 'left' | 'right' | 'turretLeft' | 'turretRight' | 'fire';

const KEYS: Record<string, Control> = {
  ArrowUp: 'forward',
  w: 'forward',
  ArrowDown: 'back',
  s: 'back',
  ArrowLeft: 'left',
  a: 'left',
  ArrowRight: 'right',
  d: 'right',
  q: 'turretLeft',
  e: 'turretRight',
  ' ': 'fire',
};

/** The control a key drives (letters in either case), or null. */
export function controlOf(key: string): Control | null {
  return KEYS[key] ?? KEYS[key.toLowerCase()] ?? null;
}

export const FIRE_POWER = 2;

/** Left turns counter-clockwise (positive degrees); the radar keeps spinning so scans keep coming. */
export function intentOf(held: ReadonlySet<Control>): Intent {
  const speed = held.has('forward') ? 16 : held.has('back') ? -8 : 0;
  const bodyTurn = held.has('left') === held.has('right') ? 0 : held.has('left') ? 24 : -24;
  const turretTurn =
    held.has('turretLeft') === held.has('turretRight') ? 0 : held.has('turretLeft') ? 30 : -30;
  return { speed, bodyTurn, turretTurn, radarTurn: 45, fire: held.has('fire') ? FIRE_POWER : 0 };
}
