// A bot choice as one <select> value: `version:<id>` for a hosted bot version, `local` for the
// player's local Agent, so every picker in the app speaks the same language.
import type { BotChoice } from '../api/competition-types';

export const LOCAL_AGENT = 'local';

export function choiceValue(bot: BotChoice): string {
  return 'local' in bot ? LOCAL_AGENT : `version:${bot.botVersionId}`;
}

/** The choice behind a select value; null for an empty or unknown one. */
export function choiceFromValue(value: string): BotChoice | null {
  if (value === LOCAL_AGENT) return { local: true };
  if (value.startsWith('version:') && value.length > 'version:'.length)
    return { botVersionId: value.slice('version:'.length) };
  return null;
}

/** For "… with <bot>": the version's label when known ("scout v3"), else what kind of bot it is. */
export function describeBot(bot: BotChoice, labels: ReadonlyMap<string, string> = new Map()): string {
  if ('local' in bot) return 'a local Agent';
  return labels.get(bot.botVersionId) ?? 'a hosted bot';
}
