// Private rooms are joined by their id and code. The owner shares one link that carries both;
// the join form accepts that link, or the path part of it.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function roomInvitePath(roomId: string, code: string): string {
  return `/rooms/${roomId}?code=${encodeURIComponent(code)}`;
}

/** `…/#/rooms/<id>?code=AB12` (or `/rooms/<id>?code=AB12`) → its id and code; null when it is neither. */
export function parseRoomInvite(text: string): { roomId: string; code: string | null } | null {
  const match = /rooms\/([^/?#\s]+)(?:\?([^#\s]*))?/.exec(text.trim());
  const roomId = match?.[1];
  if (!roomId || !UUID.test(roomId)) return null;
  const code = new URLSearchParams(match?.[2] ?? '').get('code');
  return { roomId, code: code && code.trim() ? code.trim() : null };
}

/** The `?code=` of the page's own hash (`#/rooms/<id>?code=AB12`). */
export function codeFromHash(hash: string): string | null {
  const query = hash.split('?')[1];
  const code = new URLSearchParams(query ?? '').get('code');
  return code && code.trim() ? code.trim() : null;
}
