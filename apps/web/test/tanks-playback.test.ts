import { describe, expect, it } from 'vitest';
import {
  advance,
  atEnd,
  formatBattleTime,
  formatSpeed,
  nextSpeed,
  pause,
  play,
  seekTo,
  startPlayback,
  withSpeed,
} from '../src/tanks/playback';

describe('playback clock', () => {
  it('when paused, then time passing does not move it', () => {
    const p = startPlayback(500);
    expect(advance(p, 1000).position).toBe(0);
  });

  it('when playing at 1×, then a second of wall time is 10 ticks; at 16× it is 160', () => {
    expect(advance(play(startPlayback(500)), 1000).position).toBe(10);
    expect(advance(withSpeed(play(startPlayback(500)), 16), 1000).position).toBe(160);
    expect(advance(withSpeed(play(startPlayback(500)), 0.25), 1000).position).toBe(2.5);
  });

  it('when it reaches the end, then it stops there, and play starts from the beginning again', () => {
    const ended = advance(play(seekTo(startPlayback(100), 95)), 5000);
    expect(ended.position).toBe(100);
    expect(ended.playing).toBe(false);
    expect(atEnd(ended)).toBe(true);
    expect(play(ended)).toMatchObject({ position: 0, playing: true });
  });

  it('when seeking outside the battle or to nonsense, then the position is clamped', () => {
    const p = startPlayback(100);
    expect(seekTo(p, 250).position).toBe(100);
    expect(seekTo(p, -3).position).toBe(0);
    expect(seekTo(p, Number.NaN).position).toBe(0);
    expect(pause(play(p)).playing).toBe(false);
  });

  it('when stepping the speed, then it stays on the 0.25×–16× ladder', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(16, 1)).toBe(16);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
    expect(formatSpeed(0.25)).toBe('¼×');
    expect(formatSpeed(8)).toBe('8×');
  });

  it('when formatting battle time, then ticks become minutes and seconds at 10 ticks/s', () => {
    expect(formatBattleTime(0)).toBe('0:00');
    expect(formatBattleTime(655)).toBe('1:05');
  });
});
