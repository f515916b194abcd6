export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'system';

export interface DebugLogEntry {
  round: number;
  tick: number;
  level: LogLevel;
  text: string;
}

/**
 * A bot's debug log: console output, `intent.debug` and what the sandbox did to the bot (skips,
 * disabling). Bounded in entries and characters; once full, further lines are only counted.
 */
export class DebugLog {
  private readonly entries: DebugLogEntry[] = [];
  private chars = 0;
  private dropped = 0;
  private lastDebug: string | undefined;

  constructor(
    private readonly limits: { maxLogEntries: number; maxLogChars: number; maxLineChars: number },
  ) {}

  add(round: number, tick: number, level: LogLevel, text: string): void {
    const line =
      text.length > this.limits.maxLineChars ? `${text.slice(0, this.limits.maxLineChars)}…` : text;
    if (
      this.entries.length >= this.limits.maxLogEntries ||
      this.chars + line.length > this.limits.maxLogChars
    ) {
      this.dropped++;
      return;
    }
    this.entries.push({ round, tick, level, text: line });
    this.chars += line.length;
  }

  /** `intent.debug`: logged when it changes, so a bot repeating its status does not fill the log. */
  addDebug(round: number, tick: number, text: string): void {
    if (text === this.lastDebug) return;
    this.lastDebug = text;
    this.add(round, tick, 'debug', text);
  }

  /** The kept entries, plus a closing note when lines were dropped. */
  snapshot(): DebugLogEntry[] {
    if (this.dropped === 0) return [...this.entries];
    const last = this.entries.at(-1);
    return [
      ...this.entries,
      {
        round: last?.round ?? 0,
        tick: last?.tick ?? 0,
        level: 'system',
        text: `debug log full: ${this.dropped} more lines dropped`,
      },
    ];
  }

  get droppedLines(): number {
    return this.dropped;
  }
}
