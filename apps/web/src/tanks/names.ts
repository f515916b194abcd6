// How a seat of a battle is called on screen.
import type { BattleParticipant } from '../api/tanks-types';

/** Who a person is, by user id: their display name once known (undefined while it is not). */
export type PersonName = (userId: string) => string | undefined;

/**
 * "tracker", "Longshot v3", or the display name of a person driving by keyboard. The engine's name
 * (the bot's own, from the replay header or the service) wins when known; the battles service already
 * names a bot seat "Longshot v3", so the version is added only when it is not there yet.
 */
export function seatLabel(
  p: BattleParticipant,
  engineName: string | undefined = p.name,
  person: PersonName = () => undefined,
): string {
  if (p.builtin) return p.builtin;
  if (p.local) return (p.userId ? person(p.userId) : undefined) ?? 'keyboard player';
  const name = engineName ?? 'bot';
  if (p.version == null) return name;
  const version = `v${p.version}`;
  return name === version || name.endsWith(` ${version}`) ? name : `${name} ${version}`;
}

/** One label per seat, made unique ("tracker", "tracker #2") so the overlays can tell them apart. */
export function seatLabels(
  participants: readonly BattleParticipant[],
  engineNames: readonly string[] = [],
  person?: PersonName,
): string[] {
  const labels =
    participants.length > 0
      ? participants.map((p, i) => seatLabel(p, engineNames[i] ?? p.name, person))
      : [...engineNames];
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} #${count}`;
  });
}
