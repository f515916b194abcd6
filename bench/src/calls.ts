import type { Tick } from '@garrison/bot-api';
import {
  builtinBot,
  builtinBotSource,
  directController,
  playBattleSync,
  type SyncController,
} from '@garrison/game';
import { loadSandboxedBot } from '@garrison/sandbox';
import { repeatFor } from './timing.js';

export interface CallFigures {
  bot: string;
  callsPerSecond: number;
  /** Calls per second of this process's CPU time: the per-core rate, even on a busy machine. */
  callsPerCpuSecond: number;
  microsecondsPerCall: number;
}

/** Real observations, recorded from a direct duel, so the sandbox gets realistic JSON. */
function recordObservations(): Tick[] {
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

/** Sandboxed `onTick` calls per second on this thread: observation in as JSON, intent back, checked. */
export async function measureCalls(botName: string, minMs: number): Promise<CallFigures> {
  const observations = recordObservations();
  const bot = await loadSandboxedBot({ source: builtinBotSource(botName), language: 'js', name: botName });
  try {
    bot.onRoundStart({
      rulesVersion: 1,
      round: 1,
      rounds: 1,
      arena: { width: 800, height: 600 },
      selfId: 0,
      opponents: [{ id: 1, name: 'x' }],
      tickLimit: 1200,
    } as never);
    let calls = 0;
    const { ms, cpuMs } = await repeatFor(minMs, () => {
      for (const tick of observations) {
        const answer = bot.onTick(tick);
        if ('skipped' in answer) throw new Error(`${botName} skipped: ${answer.skipped}`);
      }
      calls += observations.length;
    });
    return {
      bot: botName,
      callsPerSecond: calls / (ms / 1000),
      callsPerCpuSecond: calls / (cpuMs / 1000),
      microsecondsPerCall: (cpuMs * 1000) / calls,
    };
  } finally {
    bot.dispose();
  }
}
