import { describe, expect, it } from 'vitest';
import { TickSlots } from '../src/hub/tick-slots.js';

describe('tick slots', () => {
  it('when battles start together, then their ticks are spread over the period and a released phase is reused', () => {
    const slots = new TickSlots(4);
    const period = 100;
    const taken = Array.from({ length: 4 }, () => slots.take(period));
    const phases = taken.map((t) => Math.round(((t.at % period) + period) % period));
    expect(new Set(phases).size).toBe(4);
    for (const t of taken) expect(t.at).toBeGreaterThanOrEqual(performance.now() - 1);
    taken[2]!.release();
    taken[2]!.release(); // a second release changes nothing
    const again = slots.take(period);
    expect(Math.round(((again.at % period) + period) % period)).toBe(phases[2]);
  });
});
