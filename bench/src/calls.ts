import type { Tick } from '@garrison/bot-api';
import { builtinBot, directController, playBattleSync, type SyncController } from '@garrison/game';

export interface CallFigures {
  bot: string;
  callsPerSecond: number;
  /** Calls per second of this process's CPU time: the per-core rate, even on a busy machine. */
  callsPerCpuSecond: number;
  microsecondsPerCall: number;
}

/** Real observations, recorded from a direct duel, so the sandbox gets realistic JSON. */
export function recordObservations(): Tick[] {
  const seen: Tick[] = [];
  const recording = (inner: SyncController): SyncController => ({
    onRoundStart: (info) => inner.onRoundStart(info),
    onTick: (tick) => {
      seen.push(tick);
      return inner.onTick(tick);
    },
  });
  playBattleSync({
    seed: 2,
    rounds: 1,
    participants: [{ name: 'spinner' }, { name: 'tracker' }],
    controllers: [
      recording(directController(builtinBot('spinner'))),
      directController(builtinBot('tracker')),
    ],
  });
  return seen;
}
