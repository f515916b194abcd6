import { Code, ConnectError, type UnaryRequest, type UnaryResponse } from '@connectrpc/connect';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/index.js';

type Next = (req: UnaryRequest) => Promise<UnaryResponse>;

function harness(threshold: number, cooldownMs: number) {
  let now = 0;
  let calls = 0;
  let answer: 'ok' | Code = 'ok';
  const breaker = new CircuitBreaker('users at x', { failureThreshold: threshold, cooldownMs }, () => now);
  const next: Next = async () => {
    calls++;
    if (answer !== 'ok') throw new ConnectError('no', answer);
    return {} as UnaryResponse;
  };
  const call = breaker.interceptor()(next as never) as unknown as Next;
  return {
    breaker,
    call: () =>
      call({} as UnaryRequest).then(
        () => 'ok',
        (e: unknown) => ConnectError.from(e).code,
      ),
    answer: (a: 'ok' | Code) => (answer = a),
    advance: (ms: number) => (now += ms),
    calls: () => calls,
  };
}

describe('CircuitBreaker', () => {
  it('when failures reach the threshold, then it opens and fails fast without calling', async () => {
    const h = harness(3, 1000);
    h.answer(Code.Unavailable);
    for (let i = 0; i < 3; i++) await h.call();
    expect(h.breaker.available).toBe(false);
    expect(await h.call()).toBe(Code.Unavailable);
    expect(h.calls()).toBe(3);
  });

  it('when application errors happen, then they do not count as failures', async () => {
    const h = harness(2, 1000);
    h.answer(Code.NotFound);
    for (let i = 0; i < 5; i++) await h.call();
    expect(h.breaker.available).toBe(true);
    expect(h.calls()).toBe(5);
  });

  it('when the cooldown passed and the trial succeeds, then it closes; when the trial fails, it opens again', async () => {
    const h = harness(1, 1000);
    h.answer(Code.DeadlineExceeded);
    await h.call();
    h.advance(1000);
    expect(h.breaker.available).toBe(true);
    expect(await h.call()).toBe(Code.DeadlineExceeded); // failed trial
    expect(h.breaker.available).toBe(false);
    h.advance(1000);
    h.answer('ok');
    expect(await h.call()).toBe('ok');
    expect(h.breaker.available).toBe(true);
  });

  it('when a success comes between failures, then the count starts again', async () => {
    const h = harness(2, 1000);
    h.answer(Code.Unavailable);
    await h.call();
    h.answer('ok');
    await h.call();
    h.answer(Code.Unavailable);
    await h.call();
    expect(h.breaker.available).toBe(true);
  });
});
