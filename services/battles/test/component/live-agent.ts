// A scripted local Agent (tanks/1 over a WebSocket), a spectator socket and a look at who plays, for live battle tests.
import { httpClient, identityHeaders, waitFor, type TestService } from '@garrison/kit/testing';
import WebSocket from 'ws';

export type Message = { type: string; [key: string]: unknown };

export function connect(url: string, userId: string): Promise<{ ws: WebSocket; messages: Message[] }> {
  const ws = new WebSocket(url, { headers: identityHeaders(userId, []) });
  const messages: Message[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

/** Connects `userId`'s Agent to `serviceUrl` and plays every battle it is offered with one busy intent. */
export async function playingAgent(serviceUrl: string, userId: string) {
  const agent = await connect(`${serviceUrl.replace('http', 'ws')}/api/agent`, userId);
  // Listening before the hello: a battle taken over for this Agent is offered right after the welcome.
  agent.ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as Message;
    if (m.type === 'ping') agent.ws.send(JSON.stringify({ type: 'pong', id: m.id }));
    // As the real Agent: the battles it plays already on this instance, it takes back.
    if (m.type === 'welcome')
      for (const battle of m.battles as { battleId: string }[])
        agent.ws.send(JSON.stringify({ type: 'resume', battleId: battle.battleId }));
    if (m.type === 'offer') agent.ws.send(JSON.stringify({ type: 'ready', battleId: m.battleId }));
    if (m.type === 'tick') {
      agent.ws.send(
        JSON.stringify({
          type: 'intent',
          battleId: m.battleId,
          round: m.round,
          tick: m.tick,
          intent: { speed: 4, bodyTurn: 3, radarTurn: 45, fire: 1 },
        }),
      );
    }
  });
  agent.ws.send(JSON.stringify({ type: 'hello', protocol: 'tanks/1', agent: 'battles-test' }));
  await waitFor(async () => agent.messages.some((m) => m.type === 'welcome'));
  return agent;
}

/** Whether `service` is playing a live battle now (its battles_running gauge). */
export async function playsLive(service: TestService): Promise<boolean> {
  const text = await (await fetch(service.metricsUrl)).text();
  return /^battles_running\{live="true"\} 1$/m.test(text);
}

/** GET /api/battles/{id} as `userId` on `serviceUrl` until the battle has finished or been cancelled. */
export function battleEnded(serviceUrl: string, userId: string, id: string, timeoutMs: number) {
  return waitFor(
    async () => {
      const res = await httpClient(serviceUrl)('GET', `/api/battles/${id}`, {
        as: { id: userId, roles: [] },
      });
      return res.body.status === 'finished' || res.body.status === 'cancelled' ? res.body : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}
