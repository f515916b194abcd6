// The app's single API client, wired to the browser: refresh token in localStorage, Web Locks between tabs.
import { ApiClient, browserExclusive } from './api/client';
import { createApi } from './api/endpoints';
import { TokenStore } from './api/tokens';

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
