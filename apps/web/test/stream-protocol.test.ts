import { describe, expect, it } from 'vitest';
import { parseStreamMessage, reconnectDelay, streamUrl } from '../src/notifications/stream-protocol';

describe('parseStreamMessage', () => {
  it('when a notification frame arrives, then it is read with its notification', () => {
    const notification = {
      id: 'n1',
      type: 'roles.changed',
      title: 'Your roles changed',
      body: 'You are now: admin',
      data: { roles: ['admin'] },
      createdAt: '2026-01-01T10:00:00Z',
      readAt: null,
    };
    expect(parseStreamMessage(JSON.stringify({ type: 'notification', notification }))).toEqual({
      type: 'notification',
      notification,
    });
  });

  it('when an unread frame arrives, then the count is read', () => {
    expect(parseStreamMessage('{"type":"unread","unread":3}')).toEqual({ type: 'unread', unread: 3 });
  });

  it('when a frame is malformed or unknown, then it is ignored', () => {
    expect(parseStreamMessage('not json')).toBeNull();
    expect(parseStreamMessage('{"type":"unread","unread":-1}')).toBeNull();
    expect(parseStreamMessage('{"type":"notification","notification":{"id":1}}')).toBeNull();
    expect(parseStreamMessage('{"type":"ping"}')).toBeNull();
    expect(parseStreamMessage(new ArrayBuffer(2))).toBeNull();
  });
});

describe('reconnectDelay', () => {
  it('when attempts repeat, then the delay doubles from 1 s and stops growing at 30 s', () => {
    const top = () => 1; // the jitter's upper end
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => reconnectDelay(n, top))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('when jitter is applied, then the delay stays between half and all of the ceiling', () => {
    expect(reconnectDelay(2, () => 0)).toBe(2000);
    expect(reconnectDelay(2, () => 0.5)).toBe(3000);
  });
});

describe('streamUrl', () => {
  it('when the page is served over https, then the stream uses wss on the same host with the token in the query', () => {
    expect(streamUrl({ protocol: 'https:', host: 'garrison.example:8443' }, 'a.b+c')).toBe(
      'wss://garrison.example:8443/api/notifications/stream?access_token=a.b%2Bc',
    );
    expect(streamUrl({ protocol: 'http:', host: 'localhost:8080' }, 't')).toBe(
      'ws://localhost:8080/api/notifications/stream?access_token=t',
    );
  });
});
