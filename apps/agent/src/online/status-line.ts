/**
 * Output of the online commands: permanent lines for what happened, and on a terminal one status
 * line kept up to date at the bottom (redrawn at most 10 times a second).
 */
export class StatusLine {
  private current = '';
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {}

  private get tty(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** A line that stays (the status line is redrawn under it). */
  line(text: string): void {
    if (this.tty) this.stream.write('\r\x1b[2K');
    this.stream.write(`${text}\n`);
    if (this.tty && this.current) this.stream.write(this.current);
  }

  status(text: string, force = false): void {
    this.current = text;
    if (!this.tty) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.stream.write(`\r\x1b[2K${text}`);
  }

  clear(): void {
    if (this.tty && this.current) this.stream.write('\r\x1b[2K');
    this.current = '';
  }
}
