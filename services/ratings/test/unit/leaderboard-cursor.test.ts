import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/domain/leaderboard-cursor.js';
import { pointsWindowStart } from '../../src/domain/rating-points.js';

describe('leaderboard cursor', () => {
  it('round-trips a position exactly, including a fractional rating', () => {
    const position = { value: 1161.0234567891234, userId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('refuses anything it did not produce', () => {
    for (const bad of [
      '',
      'abc',
      encodeCursor({ value: 1, userId: 'x' }),
      Buffer.from('[1]').toString('base64url'),
    ]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });
});

describe('points window', () => {
  it('starts 12 months before now', () => {
    expect(pointsWindowStart(new Date('2026-11-23T10:00:00Z'), 12).toISOString()).toBe(
      '2025-11-23T10:00:00.000Z',
    );
  });
});
