import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/upstream/circuit-breaker.js';
import { RoundRobin } from '../../src/upstream/balancer.js';

function breaker() {
  let now = 0;
  const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000, now: () => now });
  return { b, advance: (ms: number) => (now += ms) };
}

describe('circuit breaker', () => {
  it('when failures are not consecutive, then the circuit stays closed', () => {
    const { b } = breaker();
    b.onFailure();
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });

  it('when the threshold of consecutive failures is reached, then calls are refused until the cool-down ends', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    expect(b.retryAfterMs()).toBe(1_000);
    advance(999);
    expect(b.tryAcquire()).toBe(false);
    advance(1);
    expect(b.state).toBe('half-open');
  });

  it('when half-open, then exactly one trial call passes; its success closes the circuit', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    advance(1_000);
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.onSuccess();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });

  it('when the trial call fails, then the circuit opens for another cool-down', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    advance(1_000);
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state).toBe('open');
    advance(500);
    expect(b.tryAcquire()).toBe(false);
  });
});

describe('round robin', () => {
  const instance = (id: string, healthy = true) => ({ name: 's', id, http: `http://${id}`, healthy });

  it('when several healthy instances exist, then calls rotate over them and skip unhealthy ones', () => {
    const rr = new RoundRobin();
    const list = [instance('a'), instance('b', false), instance('c')];
    const picks = Array.from({ length: 4 }, () => rr.pick('s', list)?.id);
    expect(picks).toEqual(['a', 'c', 'a', 'c']);
  });

  it('when no instance is usable, then nothing is picked', () => {
    expect(new RoundRobin().pick('s', [instance('a', false)])).toBeUndefined();
  });
});
