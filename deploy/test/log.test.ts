import { describe, expect, it } from 'vitest';
import { lineSplitter, Log, parsePinoLine, RingSink } from '../src/log.js';

describe('log', () => {
  it('when a pino JSON line arrives, then it is shortened to level and message with its extra fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: 0,
      pid: 1,
      hostname: 'h',
      msg: 'slow upstream',
      route: '/api/users',
      ms: 812,
    });
    expect(parsePinoLine(line)).toEqual({
      level: 'warn',
      message: 'slow upstream route=/api/users ms=812',
      time: new Date(0),
    });
  });

  it('when pino writes level labels and ISO times, then they are understood too', () => {
    const line = JSON.stringify({
      level: 'info',
      time: '2026-11-23T09:31:34.850Z',
      service: 'users',
      msg: 'migration applied',
      migration: '001_users.sql',
    });
    expect(parsePinoLine(line)).toEqual({
      level: 'info',
      message: 'migration applied migration=001_users.sql',
      time: new Date('2026-11-23T09:31:34.850Z'),
    });
  });

  it('when an error line carries an err, then its stack is shown', () => {
    const parsed = parsePinoLine(
      JSON.stringify({ level: 50, msg: 'boom', err: { message: 'x', stack: 'Error: x\n    at y' } }),
    );
    expect(parsed?.level).toBe('error');
    expect(parsed?.message).toContain('Error: x\n    at y');
  });

  it('when a line is not pino JSON, then it is not parsed', () => {
    expect(parsePinoLine('Server listening')).toBeUndefined();
    expect(parsePinoLine('{not json')).toBeUndefined();
  });

  it('when lines are logged, then each carries the source name and lines below the level are dropped', () => {
    const ring = new RingSink();
    const log = new Log({ sink: ring, color: false, minLevel: 'info', nameWidth: 8 });
    const users = log.source('users');
    users.debug('hidden');
    users.line(JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 1, 12, 30, 5), msg: 'ready' }));
    users.line('plain output', 'warn');
    const [ready, plain, ...more] = ring.tail().split('\n');
    expect(ready).toBe('12:30:05 users    | ready');
    expect(plain).toMatch(/^\d\d:\d\d:\d\d users {4}\| WARN plain output$/);
    expect(more).toEqual([]);
  });

  it('when a stream arrives in pieces, then whole lines come out', () => {
    const lines: string[] = [];
    const split = lineSplitter((l) => lines.push(l));
    split.push('one\ntw');
    split.push('o\nthr');
    split.flush();
    expect(lines).toEqual(['one', 'two', 'thr']);
  });
});
