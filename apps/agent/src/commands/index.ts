import type { Command } from './command.js';
import { replayCommand } from './replay.js';
import { runCommand } from './run.js';

/**
 * Every command the Agent knows. Offline ones today; the online ones (login, push, play,
 * battles, watch) are added here as one file each.
 */
export const COMMANDS: readonly Command[] = [runCommand, replayCommand];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
