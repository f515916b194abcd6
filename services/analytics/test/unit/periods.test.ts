import { describe, expect, it } from 'vitest';
import { periodsBetween } from '../../src/domain/periods.js';

describe('report periods', () => {
  it('when grouped by day, then each day is its own period', () => {
    expect(periodsBetween('2026-11-22', '2026-11-24', 'day')).toEqual([
      { from: '2026-11-22', to: '2026-11-22' },
      { from: '2026-11-23', to: '2026-11-23' },
      { from: '2026-11-24', to: '2026-11-24' },
    ]);
  });
  it('when grouped by week, then weeks run Monday to Sunday and are clipped to the range', () => {
    // 2026-11-22 is a Sunday, 2026-11-23 a Monday
    expect(periodsBetween('2026-11-22', '2026-12-01', 'week')).toEqual([
      { from: '2026-11-22', to: '2026-11-22' },
      { from: '2026-11-23', to: '2026-11-29' },
      { from: '2026-11-30', to: '2026-12-01' },
    ]);
  });
  it('when grouped by month, then months end on their last day', () => {
    expect(periodsBetween('2026-01-15', '2026-03-02', 'month')).toEqual([
      { from: '2026-01-15', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-02' },
    ]);
  });
});
