/** WebSocket helpers (Node 20 has no global WebSocket; `ws` is the client the gateway's proxy is tested with). */
import WebSocket from 'ws';
import type { Json } from './api-client.js';

export interface MessageStream {
  readonly messages: readonly unknown[];
  /** Resolves with the first message (already received or arriving) that matches. */
  waitFor<T = Json>(match: (message: Json) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** Opens a WebSocket (http(s) URLs are turned into ws(s)) and records every JSON message. */
export async function openStream(url: string): Promise<MessageStream> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'));
  const messages: unknown[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()));
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`WebSocket upgrade refused with ${res.statusCode}`)),
    );
    socket.once('error', reject);
  });
  return {
    messages,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = messages.find(match);
          if (found === undefined) return false;
          cleanup();
          resolve(found as never);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `no matching WebSocket message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`,
            ),
          );
        }, timeoutMs);
        const wake = (): void => void check();
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        waiters.add(wake);
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
}

/** The HTTP status with which the server refuses a WebSocket upgrade (or throws if it accepts). */
export async function upgradeStatus(url: string): Promise<number> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'));
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      socket.terminate();
    });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the WebSocket upgrade was accepted'));
    });
    socket.once('error', (err) => reject(err));
  });
}
