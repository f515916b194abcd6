import { playBattleSync, type SyncController } from '@garrison/game';
import { repeatFor } from './timing.js';

/** A controller that always answers the same busy intent: the engine's cost with no bot code at all. */
function constant(turn: number): SyncController {
  const answer = { intent: { speed: 8, bodyTurn: turn, turretTurn: -turn, radarTurn: 45, fire: 1 } };
  return { onRoundStart() {}, onTick: () => answer };
}

export interface EngineFigures {
  ticksPerSecond: number;
  ticksPerCpuSecond: number;
  ticks: number;
  ms: number;
  cpuMs: number;
}

/** Engine ticks/s: whole duels between constant controllers (moving, turning, firing). */
export async function measureEngine(minMs: number): Promise<EngineFigures> {
  let ticks = 0;
  let seed = 1;
  const { ms, cpuMs } = await repeatFor(minMs, () => {
    const results = playBattleSync({
      seed: seed++,
      participants: [{ name: 'a' }, { name: 'b' }],
      controllers: [constant(3), constant(-5)],
    });
    ticks += results.ticks;
  });
  return { ticksPerSecond: ticks / (ms / 1000), ticksPerCpuSecond: ticks / (cpuMs / 1000), ticks, ms, cpuMs };
}
