// A practice battle with a keyboard seat starts only while the player's agent is connected (the
// server refuses it otherwise, as it would for an Agent CLI that is not running). The practice page
// therefore holds a bare agent connection open while it creates the battle; the battle page's
// keyboard driver then connects and the server replaces this older connection of the same user —
// the battle is offered to the newer one.
import { PROTOCOL } from './keyboard-agent';

const HAND_OVER_WITHIN_MS = 60_000;
let held: WebSocket | null = null;

/** Connects and says hello; resolves once the server has welcomed the agent. */
export function holdAgentOnline(url: string, timeoutMs = 5_000): Promise<void> {
  releaseAgent();
  const socket = new WebSocket(url);
  held = socket;
  return new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      if (held === socket) releaseAgent();
      reject(new Error(`Your keyboard controls could not connect: ${why}`));
    };
    const timer = setTimeout(() => fail('no answer from the server'), timeoutMs);
    socket.onopen = () =>
      socket.send(
        JSON.stringify({ type: 'hello', protocol: PROTOCOL, agent: 'garrison-web', bot: 'keyboard' }),
      );
    socket.onmessage = (event: MessageEvent) => {
      const message = JSON.parse(String(event.data)) as { type?: string; id?: number };
      if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong', id: message.id }));
      if (message.type === 'welcome') {
        clearTimeout(timer);
        // Left alone it would keep the player "online" for ever; the driver normally takes over at once.
        setTimeout(() => held === socket && releaseAgent(), HAND_OVER_WITHIN_MS);
        resolve();
      }
    };
    socket.onclose = (event: CloseEvent) => fail(event.reason || `connection closed (${event.code})`);
  });
}

export function releaseAgent(): void {
  const socket = held;
  held = null;
  if (socket) {
    socket.onclose = null;
    socket.close(1000, 'handed over');
  }
}
