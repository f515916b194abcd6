import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotificationStream, type StreamStatus } from '../src/notifications/stream';
import type { StreamMessage } from '../src/notifications/stream-protocol';

/** Stands in for the browser's WebSocket: the test opens, feeds and closes it. */
class FakeSocket {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  closedByClient = false;
  constructor(readonly url: string) {}
  close(): void {
    this.closedByClient = true;
  }
  open(): void {
    this.onopen?.();
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(): void {
    this.onclose?.();
  }
}

function harness(
  urlFor: (failedAttempts: number) => Promise<string | null> = async () => 'ws://gw/stream?t=1',
) {
  const sockets: FakeSocket[] = [];
  const statuses: StreamStatus[] = [];
  const messages: StreamMessage[] = [];
  const connected = vi.fn();
  const url = vi.fn(urlFor);
  const stream = new NotificationStream({
    url,
    onStatus: (s) => statuses.push(s),
    onMessage: (m) => messages.push(m),
    onConnected: connected,
    openSocket: (u) => {
      const socket = new FakeSocket(u);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    delay: (attempt) => 1000 * 2 ** attempt,
  });
  return { stream, sockets, statuses, messages, connected, url };
}

describe('NotificationStream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when the socket opens and frames arrive, then it is live and passes on the parsed messages only', async () => {
    const h = harness();
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    h.sockets[0]?.open();
    h.sockets[0]?.receive({ type: 'unread', unread: 2 });
    h.sockets[0]?.receive({ type: 'something-else' });

    expect(h.statuses.at(-1)).toBe('live');
    expect(h.connected).toHaveBeenCalledTimes(1);
    expect(h.messages).toEqual([{ type: 'unread', unread: 2 }]);
  });

  it('when the connection drops, then it reconnects after the backoff and reports each (re)connect', async () => {
    const h = harness();
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    h.sockets[0]?.open();
    h.sockets[0]?.drop();
    expect(h.statuses.at(-1)).toBe('offline');

    await vi.advanceTimersByTimeAsync(999);
    expect(h.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.sockets).toHaveLength(2);
    h.sockets[1]?.open();
    expect(h.connected).toHaveBeenCalledTimes(2);
  });

  it('when connects keep failing, then the waits grow and the URL builder learns how many failed in a row', async () => {
    const h = harness();
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    h.sockets[0]?.drop(); // never opened
    await vi.advanceTimersByTimeAsync(1000);
    h.sockets[1]?.drop();
    await vi.advanceTimersByTimeAsync(1999);
    expect(h.sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.sockets).toHaveLength(3);
    expect(h.url.mock.calls.map(([failed]) => failed)).toEqual([0, 1, 2]);
  });

  it('when stopped, then the socket is closed and no reconnect follows', async () => {
    const h = harness();
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    h.sockets[0]?.open();
    h.stream.stop();
    h.sockets[0]?.drop();
    await vi.advanceTimersByTimeAsync(60_000);

    expect(h.sockets[0]?.closedByClient).toBe(true);
    expect(h.sockets).toHaveLength(1);
  });

  it('when the user is logged out (no URL), then it goes offline and stops trying', async () => {
    const h = harness(async () => null);
    h.stream.start();
    await vi.advanceTimersByTimeAsync(60_000);

    expect(h.sockets).toHaveLength(0);
    expect(h.statuses.at(-1)).toBe('offline');
    expect(h.url).toHaveBeenCalledTimes(1);
  });

  it('when building the URL fails (network), then it retries later instead of giving up', async () => {
    let calls = 0;
    const h = harness(async () => {
      calls += 1;
      if (calls === 1) throw new Error('offline');
      return 'ws://gw/stream?t=2';
    });
    h.stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sockets).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.sockets.map((s) => s.url)).toEqual(['ws://gw/stream?t=2']);
  });
});
