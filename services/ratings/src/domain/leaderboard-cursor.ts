/**
 * Keyset position in a leaderboard: the last row's sort value and user id (ties broken by id).
 * Opaque to clients (base64url JSON); anything that does not decode is refused, never guessed.
 */
export interface LeaderboardPosition {
  value: number;
  userId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(position: LeaderboardPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.userId])).toString('base64url');
}

export function decodeCursor(cursor: string): LeaderboardPosition | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [value, userId] = parsed as unknown[];
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    if (typeof userId !== 'string' || !UUID.test(userId)) return undefined;
    return { value, userId };
  } catch {
    return undefined;
  }
}
