import { writeFile } from 'node:fs/promises';
import type { BotReport } from '@garrison/sandbox';

/**
 * Writes every bot's debug log as JSON lines (docs/bots.md, "The debug log"): the entries —
 * console output, `intent.debug`, and what the sandbox did to the bot (`system`: skips, budget
 * overruns, disabling, unknown intent fields) — as `{bot, round, tick, level, text}`, then one
 * `{bot, round, level: "budget", steps}` line per round: the budget steps each tick used
 * (index = tick, -1 = not called).
 */
export async function writeDebugLog(path: string, bots: BotReport[]): Promise<void> {
  const lines = bots.flatMap((bot) => [
    ...bot.debugLog.map((entry) => JSON.stringify({ bot: bot.name, ...entry })),
    ...bot.budget.map((round) =>
      JSON.stringify({ bot: bot.name, round: round.round, level: 'budget', steps: round.steps }),
    ),
  ]);
  await writeFile(path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
}
