import type { RoundInfo, Tick } from '@garrison/bot-api';
import type { Answer, SandboxedBot } from '../src/index.js';

/** A plausible observation, shaped like the engine's, for driving a bot without a battle. */
export function sampleTick(tick: number, round = 1): Tick {
  return {
    tick,
    round,
    self: { x: 100, y: 100, heading: 0, turret: 0, radar: 0, speed: 0, energy: 100, gunHeat: 0 },
    bullets: [],
    events: [
      { type: 'scan', id: 1, x: 400, y: 300, heading: 90, speed: 4, energy: 100, distance: 360, bearing: 34 },
    ],
    opponentsAlive: 1,
  };
}

export function sampleRoundInfo(round = 1): RoundInfo {
  return {
    rulesVersion: 1,
    round,
    rounds: 1,
    arena: { width: 800, height: 600 },
    selfId: 0,
    opponents: [{ id: 1, name: 'opponent' }],
    tickLimit: 1200,
  };
}

/** Plays `ticks` ticks of one round and returns every answer. */
export function playRound(bot: SandboxedBot, ticks: number, round = 1): Answer[] {
  void bot.onRoundStart(sampleRoundInfo(round));
  const answers: Answer[] = [];
  for (let tick = 1; tick <= ticks; tick++) answers.push(bot.onTick(sampleTick(tick, round)));
  return answers;
}

export function skipReasons(answers: Answer[]): string[] {
  return answers.flatMap((answer) => ('skipped' in answer ? [answer.skipped] : []));
}

export function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}
