/**
 * A misbehaving Agent for live-battle tests: a raw `/api/agent` WebSocket that says hello
 * (tanks/1), accepts the battles it is offered with `ready`, and then never answers a tick (nor a
 * ping) — a player whose bot hung. Every server message is recorded.
 */
import WebSocket from 'ws';
import type { Json } from './api-client.js';

export interface SilentAgent {
  readonly messages: readonly Json[];
  waitFor(match: (message: Json) => boolean, timeoutMs: number): Promise<Json>;
  close(): Promise<void>;
}

export async function connectSilentAgent(url: string, accessToken: string): Promise<SilentAgent> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/agent`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const messages: Json[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Json;
    messages.push(message);
    if (message.type === 'offer') socket.send(JSON.stringify({ type: 'ready', battleId: message.battleId }));
    for (const wake of [...waiters]) wake();
  });
  socket.on('close', () => {
    for (const wake of [...waiters]) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`the /api/agent upgrade was refused with ${res.statusCode}`)),
    );
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'hello', protocol: 'tanks/1', agent: 'silent-e2e/1' }));

  const agent: SilentAgent = {
    messages,
    waitFor(match, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = messages.find(match);
          if (found !== undefined) return done(() => resolve(found));
          if (socket.readyState === WebSocket.CLOSED)
            return done(() => reject(new Error(`the agent socket closed; got ${summary(messages)}`)));
        };
        const timer = setTimeout(
          () =>
            done(() => reject(new Error(`no matching message in ${timeoutMs} ms; got ${summary(messages)}`))),
          timeoutMs,
        );
        const done = (settle: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
  await agent.waitFor((m) => m.type === 'welcome', 10_000);
  return agent;
}

/** The message types received, ticks collapsed (an error shows the conversation, not 300 ticks). */
function summary(messages: Json[]): string {
  const types = messages.map((m) => (m.type === 'notice' ? `notice:${m.code}` : m.type));
  return JSON.stringify(types.filter((t, i) => !(t === 'tick' && types[i - 1] === 'tick')));
}
