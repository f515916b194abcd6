import { COMMANDS, findCommand } from './commands/index.js';
import { UsageError } from './errors.js';
import { helpText } from './commands/help.js';

/** Runs one CLI invocation and returns the exit code: 0 ok, 1 failure, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(helpText(COMMANDS));
    return name === undefined ? 2 : 0;
  }
  const command = findCommand(name);
  if (!command) {
    process.stderr.write(`garrison-agent: unknown command "${name}"\n\n${helpText(COMMANDS)}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`garrison-agent ${command.name}: ${error.message}\nusage: ${command.usage}\n`);
      return 2;
    }
    process.stderr.write(
      `garrison-agent ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}
