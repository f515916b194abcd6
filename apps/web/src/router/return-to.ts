// Where a person was when they had to log in again (the session ended, or they opened a link while
// signed out): the login screen sends them back there. Kept per tab; an explicit logout forgets it.
const KEY = 'garrison.return-to';
const NOT_A_DESTINATION = new Set(['/', '/login', '/register']);

/** The page to come back to; home (or a form) means none. */
export function rememberPage(path: string): void {
  try {
    if (NOT_A_DESTINATION.has(path)) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, path);
  } catch {
    // storage refused (private mode): the person lands on the home page instead
  }
}

export function forgetPage(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}

/** The remembered page, forgotten as it is taken; '/' when there is none. */
export function takeReturnPage(): string {
  try {
    const path = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return path && path.startsWith('/') && !NOT_A_DESTINATION.has(path) ? path : '/';
  } catch {
    return '/';
  }
}
