import { describe, expect, it } from 'vitest';
import { PROJECTIONS, projectionOf } from '../../src/app/projections.js';
import { projections } from '../../src/entry-points/consumers/projections.js';

describe('analytics projections', () => {
  it('when an event is consumed, then it has a fold step (live and rebuild use the same ones)', () => {
    const consumed = projections.flatMap((c) =>
      c.versions.map((version) => ({ producer: c.producer, type: c.type, version })),
    );
    for (const event of consumed) expect(() => projectionOf(event)).not.toThrow();
    const folded = PROJECTIONS.flatMap((p) =>
      p.versions.map((version) => ({ producer: p.producer, type: p.type, version })),
    );
    expect(folded).toEqual(consumed);
  });

  it('when an event has no fold step, then it is refused rather than silently skipped', () => {
    expect(() => projectionOf({ producer: 'tasks', type: 'task.updated', version: 1 })).toThrow(
      /no projection for tasks\/task.updated v1/,
    );
  });
});
