// The bell's state as a pure reducer: what the list and the unread count become after each thing that
// can happen (initial load, a live message, the user marking things read).
import type { AppNotification, NotificationList } from '../api/types';

export interface InboxState {
  items: AppNotification[];
  unread: number;
  loaded: boolean;
}

export type InboxAction =
  | { type: 'loaded'; list: NotificationList }
  | { type: 'received'; notification: AppNotification }
  | { type: 'unread-count'; unread: number }
  | { type: 'marked-read'; id: string; at: string }
  | { type: 'all-read'; at: string }
  | { type: 'reset' };

export const emptyInbox: InboxState = { items: [], unread: 0, loaded: false };

/** Most recent first, so the newest notification is on top of the bell's list. */
function newestFirst(items: AppNotification[]): AppNotification[] {
  return [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function inboxReducer(state: InboxState, action: InboxAction): InboxState {
  switch (action.type) {
    case 'loaded':
      return { items: newestFirst(action.list.items), unread: action.list.unread, loaded: true };
    case 'received': {
      // A reconnect may deliver what the reload already showed: count each notification once.
      if (state.items.some((n) => n.id === action.notification.id)) return state;
      const unread = !action.notification.readAt ? state.unread + 1 : state.unread;
      return { ...state, items: newestFirst([action.notification, ...state.items]), unread };
    }
    case 'unread-count':
      return { ...state, unread: action.unread };
    case 'marked-read': {
      const target = state.items.find((n) => n.id === action.id);
      if (!target || target.readAt) return state;
      return {
        ...state,
        items: state.items.map((n) => (n.id === action.id ? { ...n, readAt: action.at } : n)),
        unread: Math.max(0, state.unread - 1),
      };
    }
    case 'all-read':
      return {
        ...state,
        items: state.items.map((n) => (n.readAt ? n : { ...n, readAt: action.at })),
        unread: 0,
      };
    case 'reset':
      return emptyInbox;
  }
}
