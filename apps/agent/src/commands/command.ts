/** One CLI command; each lives in its own file and is listed in `commands/index.ts`. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Returns the exit code. */
  run(argv: string[]): Promise<number>;
}
