import { describe, expect, it } from 'vitest';
import { reminderPlan } from '../../src/domain/reminders.js';

const now = new Date('2026-11-23T18:00:00Z');
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000);

describe('starting-soon reminders', () => {
  it('when the battle is far ahead, then both reminders are scheduled at 5 and 1 minutes before', () => {
    expect(reminderPlan(inMinutes(30), now)).toEqual({
      now: null,
      later: [
        { minutesBefore: 5, at: inMinutes(25) },
        { minutesBefore: 1, at: inMinutes(29) },
      ],
    });
  });

  it('when less than 5 minutes are left, then one goes at once and the 1-minute one is still scheduled', () => {
    expect(reminderPlan(inMinutes(3.5), now)).toEqual({
      now: 3,
      later: [{ minutesBefore: 1, at: inMinutes(2.5) }],
    });
  });

  it('when the 1-minute reminder is due within a minute anyway, then nothing extra goes at once', () => {
    expect(reminderPlan(inMinutes(1.5), now)).toEqual({
      now: null,
      later: [{ minutesBefore: 1, at: inMinutes(0.5) }],
    });
  });

  it('when the battle starts now (or already did), then one reminder goes at once saying 0 minutes', () => {
    expect(reminderPlan(now, now)).toEqual({ now: 0, later: [] });
    expect(reminderPlan(inMinutes(-1), now)).toEqual({ now: 0, later: [] });
  });
});
