import { BUILTIN_BOTS } from '@garrison/game';
import type { Command } from './command.js';

export function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map(
    (command) => `  ${command.name.padEnd(width)}  ${command.summary}\n      ${command.usage}`,
  );
  return `garrison-agent — the Garrison Agent: plays tank bots offline and on a Garrison server\n\ncommands:\n${lines.join('\n')}\n\nbots: a .js/.ts file, builtin:<name> (${BUILTIN_BOTS.join(', ')}), or --stdio "<command>"\n`;
}
