/** The spectator socket of a battle; browsers cannot set headers on a WebSocket, so the token rides in the query. */
export function liveUrl(
  location: { protocol: string; host: string },
  battleId: string,
  token: string,
): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/battles/${encodeURIComponent(battleId)}/live?access_token=${encodeURIComponent(token)}`;
}
