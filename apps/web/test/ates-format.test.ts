import { describe, expect, it } from 'vitest';
import { layoutBars } from '../src/components/bar-chart-layout';
import { addDays, formatDay, isIsoDay, lastDays, perDay } from '../src/format/days';
import { formatMoney, signedAmount } from '../src/format/money';

describe('billing days', () => {
  it('when days are counted across a month or a leap day, then the calendar is followed', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('when the last 3 days up to a day are asked for, then they come oldest first and end with it', () => {
    expect(lastDays('2026-11-01', 3)).toEqual(['2026-10-30', '2026-10-31', '2026-11-01']);
  });

  it('when a day had no money moves, then its value is 0 and the others keep theirs', () => {
    const items = [{ day: '2026-10-31', earned: 7 }];
    expect(perDay(['2026-10-30', '2026-10-31'], items, (i) => i.earned)).toEqual([
      { day: '2026-10-30', value: 0 },
      { day: '2026-10-31', value: 7 },
    ]);
  });

  it('when a string is checked, then only a real ISO date passes', () => {
    expect(isIsoDay('2026-11-23')).toBe(true);
    expect(isIsoDay('2026-13-01')).toBe(false);
    expect(isIsoDay('23.11.2026')).toBe(false);
    expect(isIsoDay('')).toBe(false);
  });

  it('when a day is formatted, then it names that date whatever the local zone', () => {
    expect(formatDay('2026-11-23')).toBe('Mon 23 Nov');
  });
});

describe('money', () => {
  it('when amounts are formatted, then negatives get a minus sign and signed positives a plus', () => {
    expect(formatMoney(12)).toBe('$12');
    expect(formatMoney(-5)).toBe('\u2212$5');
    expect(formatMoney(30, { signed: true })).toBe('+$30');
    expect(formatMoney(0, { signed: true })).toBe('$0');
    expect(formatMoney(12345)).toBe('$12,345');
  });

  it('when a ledger row is read, then fees and payouts go out and rewards come in', () => {
    expect(signedAmount('fee', 12)).toBe(-12);
    expect(signedAmount('payout', 40)).toBe(-40);
    expect(signedAmount('reward', 30)).toBe(30);
  });
});

describe('layoutBars', () => {
  it('when values are positive and negative, then bars grow up and down from one zero line', () => {
    const { bars, baseline } = layoutBars([30, -10, 0], 300, 100, 0);
    expect(baseline).toBe(75);
    expect(bars[0]).toEqual({ x: 0, y: 0, width: 100, height: 75, negative: false });
    expect(bars[1]).toEqual({ x: 100, y: 75, width: 100, height: 25, negative: true });
    expect(bars[2]).toMatchObject({ x: 200, height: 0 });
  });

  it('when every value is zero, then the chart has a zero line at the bottom and no division by zero', () => {
    const { bars, baseline } = layoutBars([0, 0], 200, 100);
    expect(baseline).toBe(0);
    expect(bars.every((b) => Number.isFinite(b.y) && b.height === 0)).toBe(true);
  });

  it('when there is a gap between bars, then each bar is narrower than its slot and centred in it', () => {
    const { bars } = layoutBars([1, 2], 200, 100, 10);
    expect(bars.map((b) => [b.x, b.width])).toEqual([
      [5, 90],
      [105, 90],
    ]);
  });
});
