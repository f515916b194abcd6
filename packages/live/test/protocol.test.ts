import { describe, expect, it } from 'vitest';
import { ALICE, duelSpec, frameCollector, greet, harness, until } from './fixtures.js';

describe('tanks/1 handshake and protocol errors over a real WebSocket', () => {
  it('when an agent says hello with unknown extra fields, then it is welcomed and pinged, and its pongs give an RTT', async () => {
    const h = await harness();
    const agent = await h.connect(ALICE);
    agent.send({ type: 'hello', protocol: 'tanks/1', agent: 'test', capabilities: ['future'] });
    const welcome = await agent.next('welcome');
    expect(welcome).toMatchObject({ protocol: 'tanks/1', userId: ALICE.userId, battles: [] });
    expect(h.hub.isOnline(ALICE.userId)).toBe(true);
    // The test agent answers pings; a later ping carries the RTT the server measured.
    const measured = await agent.next('ping', (p) => typeof p.rttMs === 'number');
    expect(measured.rttMs).toBeGreaterThanOrEqual(0);
    agent.send({ type: 'ping', id: 'mine', sentAt: 12.5 });
    expect(await agent.next('pong', (p) => p.id === 'mine')).toMatchObject({ sentAt: 12.5 });
    expect(agent.invalid).toEqual([]);
  });

  it('when an agent speaks another protocol version, then it gets unsupported-protocol and is disconnected', async () => {
    const h = await harness();
    const agent = await h.connect(ALICE);
    agent.send({ type: 'hello', protocol: 'tanks/9' });
    expect(await agent.next('error')).toMatchObject({ code: 'unsupported-protocol' });
    expect((await agent.closed()).code).toBe(4002);
    expect(h.hub.isOnline(ALICE.userId)).toBe(false);
  });

  it('when an agent sends bad input, then each gets a protocol error and the connection stays usable', async () => {
    const h = await harness();
    const agent = await h.connect(ALICE);
    agent.send({ type: 'ready', battleId: 'x' });
    expect(await agent.next('error')).toMatchObject({ code: 'hello-first' });
    await greet(agent);
    agent.send('not json at all');
    agent.send({ type: 'warp', to: 'moon' });
    agent.send({ type: 'intent', battleId: 'x', round: 1, tick: -1 });
    agent.send({ type: 'resume', battleId: 'no-such-battle' });
    await until(() => agent.all('error').length >= 5, 'five errors');
    expect(agent.all('error').map((e) => e.code)).toEqual([
      'hello-first',
      'not-json',
      'unknown-type',
      'bad-message',
      'unknown-battle',
    ]);
    agent.send({ type: 'ping', id: 1 });
    await agent.next('pong', (p) => p.id === 1);
  });

  it('when a message is larger than the limit, then the agent is told and disconnected', async () => {
    const h = await harness({ maxMessageChars: 1000 });
    const agent = await h.connect(ALICE);
    await greet(agent);
    agent.send({ type: 'ping', id: 'x'.repeat(2000) });
    expect(await agent.next('error')).toMatchObject({ code: 'too-large' });
    expect((await agent.closed()).code).toBe(1009);
  });

  it('when the same user connects again, then the old connection is closed as replaced', async () => {
    const h = await harness();
    const first = await h.connect(ALICE);
    await greet(first);
    const second = await h.connect(ALICE);
    expect((await first.closed()).code).toBe(4001);
    await greet(second);
    expect(h.hub.isOnline(ALICE.userId)).toBe(true);
  });

  it('when a battle is aborted, then runBattle rejects with the reason and the agent hears battle-end cancelled', async () => {
    const h = await harness();
    const agent = await h.connect(ALICE);
    await greet(agent);
    const controller = new AbortController();
    const { onFrame, frames } = frameCollector();
    const running = h.hub.runBattle(
      duelSpec({ rules: { tickLimit: 100_000 }, timeBankMs: 0 }),
      onFrame,
      controller.signal,
    );
    const offer = await agent.next('offer');
    agent.send({ type: 'ready', battleId: offer.battleId });
    await until(() => frames.length > 3, 'a few frames');
    controller.abort(new Error('stopped by the test'));
    await expect(running).rejects.toThrow('stopped by the test');
    expect(await agent.next('battle-end')).toMatchObject({ reason: 'cancelled' });
  });
});
