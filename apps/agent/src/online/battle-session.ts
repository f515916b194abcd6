import type { RoundInfo } from '@garrison/bot-api';
import type { Answer } from '@garrison/game';
import { tickOf, type OfferMessage, type TickMessage } from '@garrison/live';
import {
  loadSandboxedBot,
  startStdioBot,
  type BattleBot,
  type SandboxedBot,
  type StdioBot,
} from '@garrison/sandbox';

/**
 * The player's bot in one live battle: loaded in the same sandbox (or as the same stdio child)
 * as in offline battles; messages of the battle are handled one after another.
 */
export class BattleSession {
  round = 0;
  tick = 0;
  energy = 100;
  opponentsAlive = 0;
  late = 0;
  private bot: SandboxedBot | StdioBot | undefined;
  private startupError: string | undefined;
  private queue: Promise<void>;

  constructor(
    readonly offer: OfferMessage,
    spec: BattleBot,
  ) {
    this.queue = this.load(spec);
  }

  get battleId(): string {
    return this.offer.battleId;
  }

  /** Runs `work` after everything queued before it (loading the bot first). */
  enqueue(work: () => void | Promise<void>): void {
    this.queue = this.queue.then(work).catch(() => {});
  }

  get loaded(): Promise<string | undefined> {
    return this.queue.then(() => this.startupError);
  }

  startRound(info: RoundInfo): void {
    this.round = info.round;
    this.tick = 0;
    this.bot?.onRoundStart(info);
  }

  async answer(message: TickMessage): Promise<Answer> {
    this.tick = message.tick;
    this.energy = message.self.energy;
    this.opponentsAlive = message.opponentsAlive;
    if (!this.bot) return { skipped: this.startupError ?? 'the bot is not loaded' };
    return await this.bot.onTick(tickOf(message));
  }

  async dispose(): Promise<void> {
    await this.queue;
    await this.bot?.dispose();
    this.bot = undefined;
  }

  private async load(spec: BattleBot): Promise<void> {
    try {
      this.bot =
        'stdio' in spec
          ? startStdioBot({ command: spec.stdio, name: spec.name, ...(spec.cwd ? { cwd: spec.cwd } : {}) })
          : await loadSandboxedBot({ source: spec.source, language: spec.language, name: spec.name });
    } catch (error) {
      this.startupError = error instanceof Error ? error.message : String(error);
    }
  }
}
