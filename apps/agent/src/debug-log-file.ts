import { writeFile } from 'node:fs/promises';
import type { BotReport } from '@garrison/sandbox';

/**
 * Writes every bot's debug log — console output, `intent.debug`, and what the sandbox did to the
 * bot (skips, timeouts, disabling) — as JSON lines: `{bot, round, tick, level, text}`.
 */
export async function writeDebugLog(path: string, bots: BotReport[]): Promise<void> {
  const lines = bots.flatMap((bot) =>
    bot.debugLog.map((entry) => JSON.stringify({ bot: bot.name, ...entry })),
  );
  await writeFile(path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
}
