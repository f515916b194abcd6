import { describe, expect, it } from 'vitest';
import { dayInZone, isIsoDay, nextDay, openBillingDay } from '../../src/domain/billing-day.js';
import { balanceDelta, managementEarnings, payoutFor } from '../../src/domain/ledger.js';
import { drawPrice } from '../../src/domain/prices.js';

describe('prices', () => {
  it('when drawn, then the fee is in [10,20] and the reward in [20,40]', () => {
    const bounds: Array<[number, number]> = [];
    drawPrice((min, max) => (bounds.push([min, max]), max));
    expect(bounds).toEqual([
      [10, 20],
      [20, 40],
    ]);
  });
});

describe('billing days', () => {
  it('when it is late evening in UTC, then Asia/Tokyo is already on the next day', () => {
    const instant = new Date('2026-11-23T20:00:00Z');
    expect(dayInZone(instant, 'UTC')).toBe('2026-11-23');
    expect(dayInZone(instant, 'Asia/Tokyo')).toBe('2026-11-24');
  });
  it('when today is closed, then new work counts in the next open day', () => {
    const closed = new Set(['2026-11-23', '2026-11-24']);
    expect(openBillingDay(new Date('2026-11-23T12:00:00Z'), 'UTC', (d) => closed.has(d))).toBe('2026-11-25');
  });
  it('when a month ends, then the next day rolls over', () => {
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
  it('when a day is not a real date, then it is refused', () => {
    expect(isIsoDay('2026-11-23')).toBe(true);
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(isIsoDay('23.11.2026')).toBe(false);
  });
});

describe('ledger', () => {
  it('when fees, rewards and payouts mix, then management earnings are fees minus rewards only', () => {
    expect(
      managementEarnings([
        { type: 'fee', amount: 15 },
        { type: 'fee', amount: 10 },
        { type: 'reward', amount: 30 },
        { type: 'payout', amount: 99 },
      ]),
    ).toBe(-5);
  });
  it('when applied, then a reward raises the balance and fees and payouts lower it', () => {
    expect([balanceDelta('fee', 12), balanceDelta('reward', 30), balanceDelta('payout', 7)]).toEqual([
      -12, 30, -7,
    ]);
  });
  it('when a day closes, then only positive balances are paid', () => {
    expect([payoutFor(42), payoutFor(0), payoutFor(-3)]).toEqual([42, 0, 0]);
  });
});
