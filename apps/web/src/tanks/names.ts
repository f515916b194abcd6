// How a seat of a battle is called on screen.
import type { BattleParticipant } from '../api/tanks-types';

/** "tracker", "keyboard", "bot v3"; the replay header's name (the bot's own) wins when known. */
export function seatLabel(p: BattleParticipant, engineName: string | undefined = p.name): string {
  if (p.builtin) return p.builtin;
  if (p.local) return engineName ?? 'local';
  const version = p.version != null ? ` v${p.version}` : '';
  return `${engineName ?? 'bot'}${version}`;
}

/** One label per seat, made unique ("tracker", "tracker #2") so the overlays can tell them apart. */
export function seatLabels(
  participants: readonly BattleParticipant[],
  engineNames: readonly string[] = [],
): string[] {
  const labels =
    participants.length > 0 ? participants.map((p, i) => seatLabel(p, engineNames[i])) : [...engineNames];
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} #${count}`;
  });
}
