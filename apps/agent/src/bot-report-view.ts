import type { BattleReport } from '@garrison/sandbox';
import type { ParticipantExtras } from './results-view.js';

/** Per participant (index order): hits/shots and whether it started, for the results views. */
export function participantExtras(report: BattleReport): ParticipantExtras[] {
  return report.bots.map((bot) => ({
    accuracy: bot.accuracy,
    ...(bot.startupError !== undefined ? { startupError: bot.startupError } : {}),
  }));
}

/**
 * Bots that never started, said on stderr in every output mode (their results are meaningless):
 * returns true when there were any, so the command exits non-zero.
 */
export function reportNotStarted(report: BattleReport, stderr: NodeJS.WritableStream): boolean {
  const failed = report.bots.filter((bot) => bot.startupError !== undefined);
  for (const bot of failed) stderr.write(`garrison-agent: ${bot.name} did not start: ${bot.startupError}\n`);
  return failed.length > 0;
}
