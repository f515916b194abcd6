/** A local seat's debug log: `intent.debug` lines and what the server did to the seat. */
export interface DebugLine {
  round: number;
  tick: number;
  level: 'debug' | 'system';
  text: string;
}

const MAX_LINES = 5_000;
const MAX_DEBUG_CHARS = 200;

export class DebugLines {
  private readonly lines: DebugLine[] = [];
  private dropped = 0;

  add(round: number, tick: number, level: DebugLine['level'], text: string): void {
    if (this.lines.length >= MAX_LINES) {
      this.dropped++;
      return;
    }
    this.lines.push({ round, tick, level, text: text.slice(0, MAX_DEBUG_CHARS) });
  }

  snapshot(): DebugLine[] {
    const out = [...this.lines];
    if (this.dropped > 0)
      out.push({ round: 0, tick: 0, level: 'system', text: `${this.dropped} lines dropped` });
    return out;
  }
}
