import { describe, expect, it } from 'vitest';
import { DebugLog } from '../src/debug-log.js';

describe('DebugLog', () => {
  it('when lines are added, then they are kept in order with round and tick', () => {
    const log = new DebugLog({ maxLogEntries: 10, maxLogChars: 1_000, maxLineChars: 100 });
    log.add(1, 5, 'log', 'hello');
    log.add(1, 6, 'system', 'skipped: timeout');
    expect(log.snapshot()).toEqual([
      { round: 1, tick: 5, level: 'log', text: 'hello' },
      { round: 1, tick: 6, level: 'system', text: 'skipped: timeout' },
    ]);
  });

  it('when the log is full, then further lines are counted and reported once', () => {
    const log = new DebugLog({ maxLogEntries: 3, maxLogChars: 1_000, maxLineChars: 100 });
    for (let i = 0; i < 10; i++) log.add(1, i, 'log', `line ${i}`);
    const entries = log.snapshot();
    expect(entries).toHaveLength(4);
    expect(entries[3]?.text).toBe('debug log full: 7 more lines dropped');
  });

  it('when a line is too long or the character budget is spent, then it is cut or dropped', () => {
    const log = new DebugLog({ maxLogEntries: 100, maxLogChars: 25, maxLineChars: 10 });
    log.add(1, 1, 'log', 'a'.repeat(50));
    log.add(1, 2, 'log', 'b'.repeat(10));
    log.add(1, 3, 'log', 'c'.repeat(10));
    const entries = log.snapshot();
    expect(entries[0]?.text).toBe(`${'a'.repeat(10)}…`);
    expect(entries[1]?.text).toBe('b'.repeat(10));
    expect(log.droppedLines).toBe(1);
  });

  it('when intent.debug repeats, then only changes are logged', () => {
    const log = new DebugLog({ maxLogEntries: 10, maxLogChars: 1_000, maxLineChars: 100 });
    for (const [tick, text] of [
      [1, 'searching'],
      [2, 'searching'],
      [3, 'locked'],
      [4, 'searching'],
    ] as const) {
      log.addDebug(1, tick, text);
    }
    expect(log.snapshot().map((entry) => [entry.tick, entry.text])).toEqual([
      [1, 'searching'],
      [3, 'locked'],
      [4, 'searching'],
    ]);
  });
});
