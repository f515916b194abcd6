// Where a notification leads: the services put the page's path in `data` (tournamentUrl,
// battleUrl, challengeUrl, roomUrl). Only the app's own paths are followed.

const KEYS = ['battleUrl', 'tournamentUrl', 'challengeUrl', 'roomUrl'] as const;

export function notificationLink(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const record = data as Record<string, unknown>;
  for (const key of KEYS) {
    const value = record[key];
    if (typeof value === 'string' && /^\/[a-z]/.test(value) && !value.startsWith('//')) return value;
  }
  return null;
}

/** The id of the newest notification whose `data[key]` is `value` (e.g. about one tournament). */
export function latestAbout(
  items: ReadonlyArray<{ id: string; data: unknown }>,
  key: string,
  value: string,
): string | null {
  const found = items.find(
    (n) =>
      typeof n.data === 'object' && n.data !== null && (n.data as Record<string, unknown>)[key] === value,
  );
  return found?.id ?? null;
}
