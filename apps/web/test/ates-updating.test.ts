import { describe, expect, it } from 'vitest';
import { pendingOf } from '../src/components/Updating';

describe('pendingOf (the "updating…" of the accounting and analytics pages)', () => {
  it('when every answer says how many events are pending, then it is their sum', () => {
    expect(pendingOf({ pendingEvents: 2 }, { pendingEvents: 0 }, { pendingEvents: 5 })).toBe(7);
    expect(pendingOf({ pendingEvents: 0 })).toBe(0);
  });

  it('when one answer could not tell (null) or is missing, then the total is unknown rather than a low guess', () => {
    expect(pendingOf({ pendingEvents: 3 }, { pendingEvents: null })).toBeNull();
    expect(pendingOf({ pendingEvents: 3 }, undefined)).toBeNull();
  });
});
