// "You have unsaved changes": one screen at a time may ask before the app navigates away (a link, the
// back button, a typed address) and before the tab closes or reloads.
import { pathFromHash } from './path';

type Guard = () => string | null;

let guard: Guard | null = null;
let currentHash = typeof window === 'undefined' ? '' : window.location.hash;
let restoring = false;

/** While `message()` is non-null, leaving asks that question first. Returns the function that stops it. */
export function guardLeaving(message: Guard): () => void {
  guard = message;
  return () => {
    if (guard === message) guard = null;
  };
}

/** True when nothing stops leaving, or the person agreed to leave. */
function mayLeave(): boolean {
  const question = guard?.();
  return !question || window.confirm(question);
}

if (typeof window !== 'undefined') {
  // Registered when the module loads, before React subscribes to `hashchange`: a refused navigation
  // puts the address back before any screen reads it.
  window.addEventListener('hashchange', () => {
    if (restoring) {
      restoring = false;
      return;
    }
    const from = pathFromHash(currentHash);
    const to = pathFromHash(window.location.hash);
    if (from !== to && !mayLeave()) {
      restoring = true;
      window.location.hash = currentHash;
      return;
    }
    currentHash = window.location.hash;
  });
  window.addEventListener('beforeunload', (event) => {
    if (guard?.()) event.preventDefault();
  });
}
