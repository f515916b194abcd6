// Child process of the live bench: `count` simulated agents, each a real WebSocket client that
// answers every tick at once with a reference bot's intent (called in-process: cheap, so the
// server's side is what gets measured). Prints "ready" once every agent is welcomed.
import { builtinBot, type Bot } from '@garrison/game';
import { tickOf, type ServerMessage } from '@garrison/live';
import WebSocket from 'ws';

const [url, countText, botName = 'tracker'] = process.argv.slice(2);
const count = Number(countText);

let welcomed = 0;
const sockets: WebSocket[] = [];

function startAgent(index: number): void {
  const ws = new WebSocket(`${url!.replace(/^http/, 'ws')}/api/agent`, {
    headers: { authorization: `Bearer bench-token-${index}` },
  });
  sockets.push(ws);
  const bots = new Map<string, Bot>();
  ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 'tanks/1', agent: 'bench' })));
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString('utf8')) as ServerMessage;
    switch (m.type) {
      case 'welcome':
        if (++welcomed === count) process.stdout.write('ready\n');
        return;
      case 'ping':
        return ws.send(JSON.stringify({ type: 'pong', id: m.id }));
      case 'offer':
        bots.set(m.battleId, builtinBot(botName));
        return ws.send(JSON.stringify({ type: 'ready', battleId: m.battleId }));
      case 'round-start':
        bots.get(m.battleId)?.onRoundStart?.(m.info);
        return;
      case 'tick': {
        const bot = bots.get(m.battleId);
        const intent = bot?.onTick(tickOf(m)) ?? {};
        return ws.send(
          JSON.stringify({ type: 'intent', battleId: m.battleId, round: m.round, tick: m.tick, intent }),
        );
      }
      case 'battle-end':
        bots.delete(m.battleId);
        return;
      default:
        return;
    }
  });
  ws.on('error', (error) => process.stderr.write(`agent ${index}: ${error.message}\n`));
}

for (let i = 0; i < count; i++) startAgent(i);
process.on('SIGTERM', () => {
  for (const ws of sockets) ws.terminate();
  process.exit(0);
});
