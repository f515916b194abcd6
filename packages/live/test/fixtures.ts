import { builtinBot } from '@garrison/game';
import { afterEach } from 'vitest';
import { createAgentHub } from '../src/hub/agent-hub.js';
import type { AgentHubApi, AgentHubOptions, LiveBattleSpec, SpectatorFrame } from '../src/contract.js';
import { tickOf, type TickMessage } from '../src/protocol/messages.js';
import { startAgentServer, type AgentServer } from '../src/testing/agent-server.js';
import { TestAgent } from './test-agent.js';

export const ALICE = { token: 'token-alice', userId: 'user-alice' };
export const BOB = { token: 'token-bob', userId: 'user-bob' };

export interface Harness {
  hub: AgentHubApi;
  server: AgentServer;
  agents: TestAgent[];
  connect(who: { token: string }): Promise<TestAgent>;
}

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) {
    for (const a of h.agents) a.kill();
    await h.hub.close();
    await h.server.close();
  }
});

export async function harness(options: AgentHubOptions = {}): Promise<Harness> {
  const hub = createAgentHub({ pingIntervalMs: 200, ...options });
  const server = await startAgentServer({
    hub,
    tokens: new Map([
      [ALICE.token, ALICE.userId],
      [BOB.token, BOB.userId],
    ]),
  });
  const h: Harness = {
    hub,
    server,
    agents: [],
    async connect(who) {
      const agent = await TestAgent.connect(server.url, who.token);
      h.agents.push(agent);
      return agent;
    },
  };
  open.push(h);
  return h;
}

/** Says hello and waits for the welcome. */
export async function greet(agent: TestAgent) {
  agent.send({ type: 'hello', protocol: 'tanks/1', agent: 'test' });
  return agent.next('welcome');
}

/** Answers every tick with a tracker bot, as a real agent would. */
export function playWithTracker(agent: TestAgent): void {
  let bot = builtinBot('tracker');
  let round = 0;
  agent.onTick = (tick: TickMessage) => {
    if (tick.round !== round) {
      bot = builtinBot('tracker');
      const info =
        agent.all('round-start').find((m) => m.info.round === tick.round)?.info ??
        agent.all('snapshot').find((m) => m.roundInfo?.round === tick.round)?.roundInfo;
      if (info) bot.onRoundStart?.(info);
      round = tick.round;
    }
    const answer = { type: 'intent', battleId: tick.battleId, round: tick.round, tick: tick.tick };
    try {
      agent.send({ ...answer, intent: bot.onTick(tickOf(tick)) ?? {} });
    } catch (error) {
      agent.send({ ...answer, skipped: String(error) });
    }
  };
}

/** Answers offers with ready. */
export function readyOnOffer(agent: TestAgent): void {
  void agent.next('offer').then((offer) => agent.send({ type: 'ready', battleId: offer.battleId }));
}

export function duelSpec(overrides: Partial<LiveBattleSpec> = {}): LiveBattleSpec {
  return {
    battleId: 'battle-1',
    seed: 7,
    mode: 'duel',
    rounds: 2,
    rules: { tickLimit: 60 },
    tickRate: 100,
    seats: [
      { kind: 'local', userId: ALICE.userId, name: 'alice-bot' },
      { kind: 'builtin', name: 'spinner', builtin: 'spinner' },
    ],
    ...overrides,
  };
}

export function frameCollector(): { frames: SpectatorFrame[]; onFrame: (f: SpectatorFrame) => void } {
  const frames: SpectatorFrame[] = [];
  return { frames, onFrame: (f) => frames.push(f) };
}

export const until = async (check: () => boolean, what: string, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};
