/**
 * The launcher's own output and the prefixed, shortened lines of its children.
 * Children log pino JSON; a person at a terminal wants one short line per event.
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };

const COLORS = [
  '\x1b[36m',
  '\x1b[35m',
  '\x1b[32m',
  '\x1b[34m',
  '\x1b[33m',
  '\x1b[96m',
  '\x1b[95m',
  '\x1b[92m',
];
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const LEVEL_STYLE: Record<Level, string> = { debug: DIM, info: '', warn: '\x1b[33m', error: '\x1b[31m' };

export interface LogSink {
  /** One finished line, without a trailing newline. */
  write(line: string, level: Level): void;
}

export interface LogOptions {
  sink: LogSink;
  color: boolean;
  /** Lines below this level are dropped. */
  minLevel: Level;
  /** Width the source names are padded to, so messages line up. */
  nameWidth: number;
}

export const consoleSink: LogSink = {
  write(line, level) {
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  },
};

/** Keeps the last lines in memory, e.g. to explain a failed start in a test. */
export class RingSink implements LogSink {
  private readonly lines: string[] = [];
  constructor(private readonly capacity = 200) {}
  write(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
  }
  tail(count = 40): string {
    return this.lines.slice(-count).join('\n');
  }
}

export class Log {
  private readonly colorOf = new Map<string, string>();

  constructor(readonly options: LogOptions) {}

  /** A logger for one source ("launcher", "postgres", a service name). */
  source(name: string): SourceLog {
    return new SourceLog(this, name);
  }

  emit(source: string, level: Level, message: string, time = new Date()): void {
    if (LEVEL_RANK[level] < LEVEL_RANK[this.options.minLevel]) return;
    const clock = time.toISOString().slice(11, 19);
    const name = source.padEnd(this.options.nameWidth);
    const levelTag = level === 'info' ? '' : `${level.toUpperCase()} `;
    if (!this.options.color) {
      this.options.sink.write(`${clock} ${name} | ${levelTag}${message}`, level);
      return;
    }
    const color = this.colorFor(source);
    const style = LEVEL_STYLE[level];
    this.options.sink.write(
      `${DIM}${clock}${RESET} ${color}${name}${RESET} ${style}${levelTag}${message}${RESET}`,
      level,
    );
  }

  private colorFor(source: string): string {
    let color = this.colorOf.get(source);
    if (!color) {
      color = COLORS[this.colorOf.size % COLORS.length] ?? '';
      this.colorOf.set(source, color);
    }
    return color;
  }
}

export class SourceLog {
  constructor(
    private readonly log: Log,
    readonly name: string,
  ) {}
  debug(message: string): void {
    this.log.emit(this.name, 'debug', message);
  }
  info(message: string): void {
    this.log.emit(this.name, 'info', message);
  }
  warn(message: string): void {
    this.log.emit(this.name, 'warn', message);
  }
  error(message: string): void {
    this.log.emit(this.name, 'error', message);
  }
  /** A raw line from a child: pino JSON is shortened, anything else passes through. */
  line(raw: string, fallback: Level = 'info'): void {
    const parsed = parsePinoLine(raw);
    if (parsed) this.log.emit(this.name, parsed.level, parsed.message, parsed.time);
    else if (raw.trim() !== '') this.log.emit(this.name, fallback, raw.trimEnd());
  }
}

const LABELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** Fields that pino always writes or that only add noise on a terminal. */
const HIDDEN_FIELDS = new Set([
  'level',
  'time',
  'msg',
  'pid',
  'hostname',
  'name',
  'service',
  'v',
  'err',
  'error',
]);

export interface ParsedLine {
  level: Level;
  message: string;
  time?: Date;
}

export function parsePinoLine(raw: string): ParsedLine | undefined {
  if (!raw.startsWith('{')) return undefined;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  const level = pinoLevel(record.level);
  if (!level) return undefined;
  const parts: string[] = [typeof record.msg === 'string' ? record.msg : ''];
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN_FIELDS.has(key) || value === undefined) continue;
    parts.push(`${key}=${short(value)}`);
  }
  const err = (record.err ?? record.error) as { message?: unknown; stack?: unknown } | undefined;
  if (err && typeof err === 'object') {
    parts.push(
      level === 'error' && typeof err.stack === 'string' ? `\n${err.stack}` : `err="${String(err.message)}"`,
    );
  }
  const time =
    typeof record.time === 'number' || typeof record.time === 'string' ? new Date(record.time) : undefined;
  if (time && Number.isNaN(time.getTime()))
    return { level, message: parts.filter((p) => p !== '').join(' ') };
  return { level, message: parts.filter((p) => p !== '').join(' '), ...(time ? { time } : {}) };
}

/** pino writes numbers by default, labels ("info") when a formatter says so. */
function pinoLevel(raw: unknown): Level | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? LABELS[raw] : undefined;
  if (n === undefined) return undefined;
  if (n >= 50) return 'error';
  if (n >= 40) return 'warn';
  if (n >= 30) return 'info';
  return 'debug';
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = text.includes(' ') && typeof value === 'string' ? JSON.stringify(value) : text;
  return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}

/** Splits a byte stream into lines and hands each complete one on. */
export function lineSplitter(onLine: (line: string) => void): {
  push(chunk: Buffer | string): void;
  flush(): void;
} {
  let rest = '';
  return {
    push(chunk) {
      rest += chunk.toString();
      let index = rest.indexOf('\n');
      while (index >= 0) {
        onLine(rest.slice(0, index));
        rest = rest.slice(index + 1);
        index = rest.indexOf('\n');
      }
    },
    flush() {
      if (rest !== '') onLine(rest);
      rest = '';
    },
  };
}
