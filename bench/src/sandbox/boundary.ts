import { loadavg } from 'node:os';
import type { RoundInfo, Tick } from '@garrison/bot-api';
import { builtinBotSource } from '@garrison/game';
import { loadSandboxedBot } from '@garrison/sandbox';
import type { CallFigures } from '../calls.js';
import { loadJsonBoundaryBot } from './json-boundary-bot.js';

/** One bot's calls/s through the previous boundary and the current one, measured interleaved. */
export interface BoundaryComparison {
  bot: string;
  /** The JSON boundary as it was before ADR 260 (bench/src/sandbox/json-boundary-bot.ts). */
  previous: CallFigures;
  /** The boundary in production (`loadSandboxedBot`). */
  current: CallFigures;
  /** current / previous, on CPU time and on wall-clock time. */
  speedupCpu: number;
  speedupWall: number;
  /** How many alternating slices each side ran, and the 1-minute load average seen during them. */
  slices: number;
  loadAverage: { min: number; max: number };
}

interface Caller {
  onRoundStart(info: RoundInfo): void;
  onTick(tick: Tick): { skipped: string } | { intent: unknown };
  dispose(): void;
}

const ROUND_INFO: RoundInfo = {
  rulesVersion: 1,
  round: 1,
  rounds: 1,
  arena: { width: 800, height: 600 },
  selfId: 0,
  opponents: [{ id: 1, name: 'x' }],
  tickLimit: 1200,
};

/** Time a slice of one side runs before the other side's turn. */
const SLICE_MS = 100;
/** Uncounted calls each side makes first. */
const WARM_UP_MS = 300;

/**
 * `onTick` calls per second of the same bot in the two boundaries, fed the same recorded
 * observations. The two run in alternating ~100 ms slices (ABBA order) for `minMs` each, so load
 * from other work on the machine falls on both alike; each side's wall and CPU time are summed
 * over its own slices.
 */
export async function compareBoundaries(
  botName: string,
  observations: Tick[],
  minMs: number,
): Promise<BoundaryComparison> {
  const source = builtinBotSource(botName);
  const sides: Array<{
    name: 'previous' | 'current';
    bot: Caller;
    calls: number;
    ms: number;
    cpuMs: number;
  }> = [
    {
      name: 'previous',
      bot: await loadJsonBoundaryBot({ source, language: 'js', name: botName }),
      calls: 0,
      ms: 0,
      cpuMs: 0,
    },
    {
      name: 'current',
      bot: await loadSandboxedBot({ source, language: 'js', name: botName }),
      calls: 0,
      ms: 0,
      cpuMs: 0,
    },
  ];
  const loads: number[] = [];
  try {
    for (const side of sides) side.bot.onRoundStart(ROUND_INFO);
    // Warm-up, and a check that both boundaries give the bot's same answers to every observation.
    for (const tick of observations) {
      const [previous, current] = sides.map((side) => JSON.stringify(side.bot.onTick(tick)));
      if (previous !== current)
        throw new Error(
          `${botName}: the boundaries answered tick ${tick.tick} differently: ${previous} / ${current}`,
        );
    }
    // Both sides' host code reaches V8's optimizing tier before anything is counted.
    for (const side of sides) {
      const until = performance.now() + WARM_UP_MS;
      while (performance.now() < until) playAll(side.bot, observations, botName);
    }
    let slices = 0;
    while (sides.some((side) => side.ms < minMs)) {
      const order = slices % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const started = performance.now();
        const cpu = process.cpuUsage();
        do {
          playAll(side.bot, observations, botName);
          side.calls += observations.length;
        } while (performance.now() - started < SLICE_MS);
        const used = process.cpuUsage(cpu);
        side.ms += performance.now() - started;
        side.cpuMs += (used.user + used.system) / 1000;
      }
      loads.push(loadavg()[0] ?? 0);
      slices++;
    }
    const [previous, current] = sides.map((side) => ({
      bot: botName,
      callsPerSecond: side.calls / (side.ms / 1000),
      callsPerCpuSecond: side.calls / (side.cpuMs / 1000),
      microsecondsPerCall: (side.cpuMs * 1000) / side.calls,
    })) as [CallFigures, CallFigures];
    return {
      bot: botName,
      previous,
      current,
      speedupCpu: current.callsPerCpuSecond / previous.callsPerCpuSecond,
      speedupWall: current.callsPerSecond / previous.callsPerSecond,
      slices,
      loadAverage: { min: Math.min(...loads), max: Math.max(...loads) },
    };
  } finally {
    for (const side of sides) side.bot.dispose();
  }
}

function playAll(bot: Caller, observations: Tick[], botName: string): void {
  for (const tick of observations) {
    const answer = bot.onTick(tick);
    if ('skipped' in answer) throw new Error(`${botName} skipped: ${answer.skipped}`);
  }
}
