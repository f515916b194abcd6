// Child process of the spectator bench (forked with IPC): plays the live battle's local seat as a
// simulated Agent and opens N spectator WebSockets on /api/battles/{id}/live. Each received frame
// is stamped on arrival; the parent later sends when each frame was published, and this process
// answers with the delivery lags. Frames are not JSON-parsed (only their head is read), so the
// clients' own cost stays small beside the server's.
import { builtinBot, type Bot } from '@garrison/game';
import { tickOf, type ServerMessage } from '@garrison/live';
import WebSocket from 'ws';
import type { ClientCommand, ClientReply } from './spectator-protocol.js';
import { cpuMsSince, percentile, round2, wallNow } from './stats.js';

const reply = (message: ClientReply) => process.send!(message);
const spectators: WebSocket[] = [];
/** Arrival time of each frame, per frame key (`round:tick`), over all spectators. */
let arrivals = new Map<string, number[]>();
let frameBytes = 0;
let statusMessages = 0;
let cpuStart = process.cpuUsage();

const HEAD = /^\{"type":"frame","battleId":"[^"]+","round":(\d+),"tick":(\d+)/;

function onSpectatorMessage(data: Buffer): void {
  const now = wallNow();
  const head = HEAD.exec(data.toString('latin1', 0, 96));
  if (!head) {
    statusMessages++;
    return;
  }
  frameBytes = data.length;
  const key = `${head[1]}:${head[2]}`;
  const list = arrivals.get(key);
  if (list) list.push(now);
  else arrivals.set(key, [now]);
}

function startAgent(url: string, headers: Record<string, string>, botName: string): void {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/agent`, { headers });
  const bots = new Map<string, Bot>();
  ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 'tanks/1', agent: 'bench' })));
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString('utf8')) as ServerMessage;
    switch (m.type) {
      case 'welcome':
        return reply({ type: 'agent-ready' });
      case 'ping':
        return ws.send(JSON.stringify({ type: 'pong', id: m.id }));
      case 'offer':
        bots.set(m.battleId, builtinBot(botName));
        return ws.send(JSON.stringify({ type: 'ready', battleId: m.battleId }));
      case 'round-start':
        return bots.get(m.battleId)?.onRoundStart?.(m.info);
      case 'tick': {
        const intent = bots.get(m.battleId)?.onTick(tickOf(m)) ?? {};
        return ws.send(
          JSON.stringify({ type: 'intent', battleId: m.battleId, round: m.round, tick: m.tick, intent }),
        );
      }
      default:
        return;
    }
  });
  ws.on('error', (error) => process.stderr.write(`agent: ${error.message}\n`));
}

let refused = 0;

/** Opens one spectator; a refused handshake is counted, not fatal (the server may be saturated). */
function openSpectator(url: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.on('message', onSpectatorMessage);
    ws.once('open', () => {
      spectators.push(ws);
      resolve();
    });
    ws.once('error', () => {
      refused++;
      resolve();
    });
  });
}

/** Opens `count` spectators, 50 handshakes at a time (a crowd arriving, not one burst). */
async function spectate(url: string, headers: Record<string, string>, count: number): Promise<void> {
  for (let opened = 0; opened < count; opened += 50) {
    const batch = Math.min(50, count - opened);
    await Promise.all(Array.from({ length: batch }, () => openSpectator(url, headers)));
  }
}

function report(published: Array<[string, number]>): ClientReply {
  const lags: number[] = [];
  let received = 0;
  for (const [key, sentAt] of published) {
    for (const at of arrivals.get(key) ?? []) {
      lags.push(at - sentAt);
      received++;
    }
  }
  lags.sort((a, b) => a - b);
  return {
    type: 'report',
    received,
    expected: published.length * spectators.length,
    lagMs: {
      p50: round2(percentile(lags, 0.5)),
      p90: round2(percentile(lags, 0.9)),
      p99: round2(percentile(lags, 0.99)),
      max: round2(lags.at(-1) ?? Number.NaN),
    },
    frameBytes,
    statusMessages,
    clientCpuMs: Math.round(cpuMsSince(cpuStart)),
  };
}

process.on('message', (command: ClientCommand) => {
  switch (command.type) {
    case 'agent':
      return startAgent(command.url, command.headers, command.bot);
    case 'spectate':
      return void spectate(command.url, command.headers, command.count).then(
        () => reply({ type: 'spectating', count: spectators.length, refused }),
        (error: Error) => reply({ type: 'failed', message: error.message }),
      );
    case 'record':
      cpuStart = process.cpuUsage();
      return;
    case 'report':
      return reply(report(command.published));
    case 'close-spectators': {
      for (const ws of spectators.splice(0)) ws.terminate();
      arrivals = new Map();
      statusMessages = 0;
      refused = 0;
      return reply({ type: 'closed' });
    }
  }
});
reply({ type: 'started' });
