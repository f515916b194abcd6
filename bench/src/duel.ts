import { builtinBot, builtinBotSource, directController, playBattleSync } from '@garrison/game';
import { runBattle } from '@garrison/sandbox';
import { timed } from './timing.js';

export interface DuelFigures {
  pairing: string;
  seeds: number[];
  ticks: number;
  /** Mean wall and CPU time of one full duel, bots called directly in this process. */
  directMs: number;
  directCpuMs: number;
  /** Mean wall and CPU time of one full duel in the sandbox, loading both sandboxes included. */
  sandboxMs: number;
  sandboxCpuMs: number;
  /** Sandbox CPU time over direct CPU time. */
  sandboxRatio: number;
}

/**
 * A full duel (5 rounds, rules v1) between two reference bots, once in the sandbox (each bot in
 * its own QuickJS with bounded memory, the limits of the server) and once called directly.
 */
export async function measureDuel(a: string, b: string, seeds: number[]): Promise<DuelFigures> {
  let ticks = 0;
  let directMs = 0;
  let sandboxMs = 0;
  let directCpuMs = 0;
  let sandboxCpuMs = 0;
  for (const seed of seeds) {
    const direct = await timed(() =>
      playBattleSync({
        seed,
        participants: [{ name: a }, { name: b }],
        controllers: [directController(builtinBot(a)), directController(builtinBot(b))],
      }),
    );
    const sandboxed = await timed(() =>
      runBattle({
        seed,
        record: false,
        bots: [
          { name: a, source: builtinBotSource(a), language: 'js' },
          { name: b, source: builtinBotSource(b), language: 'js' },
        ],
      }),
    );
    if (sandboxed.value.results.ticks !== direct.value.ticks)
      throw new Error(`seed ${seed}: the sandbox and the direct battle differ`);
    ticks += direct.value.ticks;
    directMs += direct.ms;
    sandboxMs += sandboxed.ms;
    directCpuMs += direct.cpuMs;
    sandboxCpuMs += sandboxed.cpuMs;
  }
  return {
    pairing: `${a} vs ${b}`,
    seeds,
    ticks: ticks / seeds.length,
    directMs: directMs / seeds.length,
    directCpuMs: directCpuMs / seeds.length,
    sandboxMs: sandboxMs / seeds.length,
    sandboxCpuMs: sandboxCpuMs / seeds.length,
    sandboxRatio: sandboxCpuMs / directCpuMs,
  };
}
