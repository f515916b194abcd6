import { describe, expect, it } from 'vitest';
import { checkSchedule, nextOccurrence } from '../../src/domain/schedule.js';

describe('series schedule', () => {
  it('when every day at 18:00 Berlin (winter, UTC+1), then the next edition is 17:00 UTC today or tomorrow', () => {
    const s = { every: 'day' as const, at: '18:00', timezone: 'Europe/Berlin' };
    expect(nextOccurrence(s, new Date('2026-11-23T10:00:00Z')).toISOString()).toBe(
      '2026-11-23T17:00:00.000Z',
    );
    expect(nextOccurrence(s, new Date('2026-11-23T17:00:00Z')).toISOString()).toBe(
      '2026-11-24T17:00:00.000Z',
    );
  });

  it('when every week on friday at 20:30 New York, then it is the next friday in local time', () => {
    const s = {
      every: 'week' as const,
      weekday: 'friday' as const,
      at: '20:30',
      timezone: 'America/New_York',
    };
    // Monday 23 Nov 2026 → Friday 27 Nov 20:30 EST = Sat 01:30 UTC
    expect(nextOccurrence(s, new Date('2026-11-23T10:00:00Z')).toISOString()).toBe(
      '2026-11-28T01:30:00.000Z',
    );
  });

  it('when the clocks change, then the local time is kept (summer time in Berlin is UTC+2)', () => {
    const s = { every: 'day' as const, at: '09:00', timezone: 'Europe/Berlin' };
    expect(nextOccurrence(s, new Date('2026-03-28T12:00:00Z')).toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });

  it('when a schedule is malformed, then every problem is named', () => {
    expect(checkSchedule({ every: 'week', at: '25:00', timezone: 'Mars/Base' })).toHaveLength(3);
    expect(checkSchedule({ every: 'day', at: '07:05', timezone: 'UTC' })).toEqual([]);
  });
});
