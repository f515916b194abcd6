import type { Command } from './command.js';
import { battlesCommand } from './battles.js';
import { loginCommand } from './login.js';
import { matchCommand } from './match.js';
import { newCommand } from './new.js';
import { playCommand } from './play.js';
import { pushCommand } from './push.js';
import { replayCommand } from './replay.js';
import { runCommand } from './run.js';
import { watchCommand } from './watch.js';

/** Every command the Agent knows, offline ones first; one file each. */
export const COMMANDS: readonly Command[] = [
  newCommand,
  runCommand,
  matchCommand,
  replayCommand,
  loginCommand,
  pushCommand,
  playCommand,
  battlesCommand,
  watchCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
