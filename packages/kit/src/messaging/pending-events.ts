// "Updating…" for read models (SPEC 5.5, ADR 181): how many events this service has yet to apply.
import type { Bus } from './types.js';

/**
 * A function that answers the service's pending events (the sum of its consumer queues' lag), or
 * null when the broker cannot be asked right now; an answer is reused for `maxAgeMs` so a busy
 * screen does not turn every request into broker queries.
 */
export function pendingEventsOf(bus: Pick<Bus, 'consumerLag'>, maxAgeMs = 250): () => Promise<number | null> {
  let last: { at: number; value: Promise<number | null> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > maxAgeMs) {
      last = {
        at: now,
        value: bus.consumerLag().then(
          (lags) => lags.reduce((n, lag) => n + lag.messages, 0),
          () => null,
        ),
      };
    }
    return last.value;
  };
}
