import { randomUUID } from 'node:crypto';
import { BotUnplayableError, type BotDirectory, type BotVersionFacts } from '../../src/app/ports.js';

/** A bot that logs, drives in circles and fires: enough to have a debug log and a score. */
export const CHATTY_BOT = `export default {
  onRoundStart(info) { console.log('round ' + info.round); },
  onTick(tick) { return { speed: 8, bodyTurn: 5, radarTurn: 45, fire: tick.self.gunHeat === 0 ? 1 : 0, debug: 't' + tick.tick }; }
};`;

/** The bot registry as the bots service would answer, in memory. */
export class FakeBots implements BotDirectory {
  readonly versions = new Map<string, BotVersionFacts & { source: string }>();

  add(ownerId: string, source = CHATTY_BOT, status = 'valid', rankedEligible = true): string {
    const id = randomUUID();
    this.versions.set(id, {
      botVersionId: id,
      botId: randomUUID(),
      ownerId,
      botName: 'chatty',
      version: this.versions.size + 1,
      status,
      rankedEligible,
      source,
    });
    return id;
  }

  async version(id: string) {
    return this.versions.get(id);
  }

  async compiledSource(id: string) {
    const v = this.versions.get(id);
    if (!v || v.status !== 'valid') throw new BotUnplayableError(`no playable version ${id}`);
    return v.source;
  }
}
