import { describe, expect, it, vi } from 'vitest';
import { agentUrl, KeyboardAgent, PROTOCOL, type AgentStatus } from '../src/tanks/keyboard-agent';
import { controlOf, intentOf, type Control } from '../src/tanks/keyboard-intent';

describe('keyboard intent', () => {
  it('when keys are held, then they become speed, turns and fire (left = counter-clockwise)', () => {
    const held = new Set<Control>(['forward', 'left', 'fire']);
    expect(intentOf(held)).toEqual({ speed: 16, bodyTurn: 24, turretTurn: 0, radarTurn: 45, fire: 2 });
    expect(intentOf(new Set<Control>(['back', 'right', 'turretRight']))).toMatchObject({
      speed: -8,
      bodyTurn: -24,
      turretTurn: -30,
      fire: 0,
    });
  });

  it('when opposite keys are both held, then they cancel out', () => {
    expect(intentOf(new Set<Control>(['left', 'right', 'turretLeft', 'turretRight']))).toMatchObject({
      bodyTurn: 0,
      turretTurn: 0,
    });
  });

  it('when mapping keys, then arrows and WASD in either case drive, other keys do nothing', () => {
    expect(controlOf('ArrowUp')).toBe('forward');
    expect(controlOf('W')).toBe('forward');
    expect(controlOf(' ')).toBe('fire');
    expect(controlOf('x')).toBeNull();
  });
});

class FakeSocket {
  readyState = 0;
  sent: Array<Record<string, unknown>> = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  onclose: ((event?: { code: number }) => void) | null = null;
  close(code = 1000) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

describe('keyboard agent (tanks/1)', () => {
  function connect() {
    const socket = new FakeSocket();
    const statuses: AgentStatus[] = [];
    const agent = new KeyboardAgent({
      url: 'ws://x/api/agent',
      battleId: 'b1',
      intent: () => ({ speed: 16, fire: 2 }),
      onStatus: (s) => statuses.push(s),
      openSocket: () => socket as unknown as WebSocket,
    });
    agent.start();
    socket.open();
    return { socket, statuses, agent };
  }

  it('when the server offers the battle and sends ticks, then it says hello, gets ready and answers each tick', () => {
    const { socket, statuses } = connect();
    expect(socket.sent[0]).toMatchObject({ type: 'hello', protocol: PROTOCOL });
    socket.receive({ type: 'welcome', protocol: PROTOCOL, userId: 'u', battles: [] });
    socket.receive({ type: 'offer', battleId: 'other' });
    socket.receive({ type: 'offer', battleId: 'b1' });
    socket.receive({ type: 'ping', id: 3 });
    socket.receive({ type: 'tick', battleId: 'b1', round: 1, tick: 7 });
    socket.receive({ type: 'tick', battleId: 'other', round: 1, tick: 7 });
    expect(socket.sent.slice(1)).toEqual([
      { type: 'ready', battleId: 'b1', bot: 'keyboard' },
      { type: 'pong', id: 3 },
      { type: 'intent', battleId: 'b1', round: 1, tick: 7, intent: { speed: 16, fire: 2 } },
    ]);
    expect(statuses).toEqual(['connecting', 'waiting', 'playing']);
  });

  it('when the battle is already running (a reload), then it resumes the seat', () => {
    const { socket } = connect();
    socket.receive({
      type: 'welcome',
      protocol: PROTOCOL,
      userId: 'u',
      battles: [{ battleId: 'b1', phase: 'playing' }],
    });
    expect(socket.sent[1]).toEqual({ type: 'resume', battleId: 'b1' });
  });

  it('when the connection is lost mid-battle (the server restarted or the battle moved), then it connects again and takes the offered seat; replaced by another tab, it stops', () => {
    vi.useFakeTimers();
    try {
      const sockets: FakeSocket[] = [];
      const statuses: AgentStatus[] = [];
      const agent = new KeyboardAgent({
        url: 'ws://x/api/agent',
        battleId: 'b1',
        intent: () => ({}),
        onStatus: (s) => statuses.push(s),
        openSocket: () => {
          sockets.push(new FakeSocket());
          return sockets.at(-1) as unknown as WebSocket;
        },
      });
      agent.start();
      sockets[0]!.open();
      sockets[0]!.close(1006);
      expect(sockets).toHaveLength(1);
      vi.advanceTimersByTime(300);
      expect(sockets).toHaveLength(2);
      sockets[1]!.open();
      sockets[1]!.receive({ type: 'welcome', protocol: PROTOCOL, userId: 'u', battles: [] });
      sockets[1]!.receive({ type: 'offer', battleId: 'b1' });
      expect(sockets[1]!.sent).toContainEqual({ type: 'ready', battleId: 'b1', bot: 'keyboard' });

      sockets[1]!.close(4001);
      vi.advanceTimersByTime(10_000);
      expect(sockets).toHaveLength(2);
      expect(statuses.at(-1)).toBe('closed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('when the battle ends, then the socket is closed', () => {
    const { socket } = connect();
    socket.receive({ type: 'battle-end', battleId: 'b1' });
    expect(socket.readyState).toBe(3);
    expect(agentUrl({ protocol: 'http:', host: 'h' }, 't')).toBe('ws://h/api/agent?access_token=t');
  });
});
