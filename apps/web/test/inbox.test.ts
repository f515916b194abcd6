import { describe, expect, it } from 'vitest';
import type { AppNotification } from '../src/api/types';
import { emptyInbox, inboxReducer } from '../src/notifications/inbox';

const note = (id: string, createdAt: string, readAt: string | null = null): AppNotification => ({
  id,
  type: 'welcome',
  title: `title ${id}`,
  body: '',
  data: {},
  createdAt,
  readAt,
});

describe('inboxReducer', () => {
  const loaded = inboxReducer(emptyInbox, {
    type: 'loaded',
    list: {
      items: [note('a', '2026-01-01T10:00:00Z'), note('b', '2026-01-01T11:00:00Z', '2026-01-01T11:05:00Z')],
      unread: 1,
    },
  });

  it('when the list loads, then the newest is first and the server’s unread count is used', () => {
    expect(loaded.items.map((n) => n.id)).toEqual(['b', 'a']);
    expect(loaded.unread).toBe(1);
    expect(loaded.loaded).toBe(true);
  });

  it('when a live notification arrives, then it goes on top and the unread count grows', () => {
    const next = inboxReducer(loaded, { type: 'received', notification: note('c', '2026-01-01T12:00:00Z') });
    expect(next.items.map((n) => n.id)).toEqual(['c', 'b', 'a']);
    expect(next.unread).toBe(2);
  });

  it('when the same notification arrives twice (reconnect), then it is counted once', () => {
    const once = inboxReducer(loaded, { type: 'received', notification: note('c', '2026-01-01T12:00:00Z') });
    const twice = inboxReducer(once, { type: 'received', notification: note('c', '2026-01-01T12:00:00Z') });
    expect(twice).toBe(once);
  });

  it('when the server sends an unread count, then it wins over the local count', () => {
    expect(inboxReducer(loaded, { type: 'unread-count', unread: 7 }).unread).toBe(7);
  });

  it('when one is marked read, then it is read and the count drops; marking it again changes nothing', () => {
    const read = inboxReducer(loaded, { type: 'marked-read', id: 'a', at: '2026-01-01T12:00:00Z' });
    expect(read.items.find((n) => n.id === 'a')?.readAt).toBe('2026-01-01T12:00:00Z');
    expect(read.unread).toBe(0);
    expect(inboxReducer(read, { type: 'marked-read', id: 'a', at: '2026-01-01T13:00:00Z' })).toBe(read);
  });

  it('when all are marked read, then none is unread and earlier read times are kept', () => {
    const all = inboxReducer(loaded, { type: 'all-read', at: '2026-01-01T12:00:00Z' });
    expect(all.unread).toBe(0);
    expect(all.items.map((n) => n.readAt)).toEqual(['2026-01-01T11:05:00Z', '2026-01-01T12:00:00Z']);
  });
});
