// The app's single API client, wired to the browser: the refresh token in an HttpOnly cookie, a
// "signed in" marker in localStorage, Web Locks between tabs.
import { ApiClient, browserExclusive } from './api/client';
import { createCompetitionApi } from './api/competition';
import { createApi } from './api/endpoints';
import { SESSION_MARKER_KEY, TokenStore } from './api/tokens';

const sessionEvents = new EventTarget();

export const client = new ApiClient({
  tokens: new TokenStore(window.localStorage),
  exclusive: browserExclusive,
  onSessionEnded: () => sessionEvents.dispatchEvent(new Event('ended')),
});

export const api = createApi(client);

/** Subscribes to "the session could not be renewed"; returns the unsubscribe function. */
export function onSessionEnded(listener: () => void): () => void {
  sessionEvents.addEventListener('ended', listener);
  return () => sessionEvents.removeEventListener('ended', listener);
}

/** Subscribes to "another tab logged out" (the shared session marker disappeared from localStorage). */
export function onSignedOutElsewhere(listener: () => void): () => void {
  const handler = (event: StorageEvent) => {
    if ((event.key === SESSION_MARKER_KEY || event.key === null) && !client.tokens.hasSession) listener();
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}

/** Tournaments, ratings and matchmaking (SPEC 3.4–3.6), kept apart from `api` to keep both files small. */
export const competition = createCompetitionApi(client);
