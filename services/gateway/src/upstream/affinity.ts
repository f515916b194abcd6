/**
 * Requests that must reach the battles instance holding the user's live Agent (ADR 172): the Agent's
 * socket and the practice battle a user starts with it. Both hash the user id onto the same instance,
 * so the battle is created — and played — where the Agent is connected.
 */
export function affinityOf(
  service: string,
  method: string,
  url: string,
  userId: string | undefined,
): string | undefined {
  if (service !== 'battles' || !userId) return undefined;
  const path = url.split('?', 1)[0];
  if (path === '/api/agent' || (method === 'POST' && path === '/api/battles')) return `user:${userId}`;
  return undefined;
}
