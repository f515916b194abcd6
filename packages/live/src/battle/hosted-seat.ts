import type { RoundInfo, Tick } from '@garrison/bot-api';
import {
  botFromTrustedSource,
  builtinBotSource,
  directController,
  type Answer,
  type SyncController,
} from '@garrison/game';
import { botRandomSeed, loadSandboxedBot } from '@garrison/sandbox';
import type { LiveSeat } from '../contract.js';
import type { Seat } from './seat.js';

type Runner = SyncController & { debugLog?(): unknown[]; dispose?(): void };

/**
 * A seat played on the server: an uploaded bot in its own sandbox, or a reference bot (trusted
 * code, called in-process). Both answer synchronously within the tick.
 */
export class HostedSeat implements Seat {
  readonly forfeited = false;

  private constructor(
    readonly index: number,
    readonly name: string,
    private readonly runner: Runner,
  ) {}

  static async start(
    index: number,
    seat: Exclude<LiveSeat, { kind: 'local' }>,
    battleSeed: number,
  ): Promise<HostedSeat> {
    if (seat.kind === 'builtin') {
      return new HostedSeat(
        index,
        seat.name,
        directController(botFromTrustedSource(builtinBotSource(seat.builtin))),
      );
    }
    try {
      const bot = await loadSandboxedBot({
        source: seat.compiledJs,
        language: 'js',
        name: seat.name,
        randomSeed: botRandomSeed(battleSeed, index),
      });
      return new HostedSeat(index, seat.name, bot);
    } catch (error) {
      return new HostedSeat(
        index,
        seat.name,
        notStarted(error instanceof Error ? error.message : String(error)),
      );
    }
  }

  roundStart(info: RoundInfo): void {
    this.runner.onRoundStart(info);
  }

  tick(tick: Tick): Answer {
    return this.runner.onTick(tick);
  }

  roundEnd(): void {}
  battleEnd(): void {}
  cancel(): void {}

  debugLog(): unknown[] {
    return this.runner.debugLog?.() ?? [];
  }

  dispose(): void {
    this.runner.dispose?.();
  }
}

/** A bot that did not start sits out every round; its author reads why in the debug log. */
function notStarted(reason: string): Runner {
  return {
    onRoundStart() {},
    onTick: () => ({ skipped: reason, disable: true }),
    debugLog: () => [{ round: 0, tick: 0, level: 'system', text: reason }],
  };
}
