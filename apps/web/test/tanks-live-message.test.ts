import { describe, expect, it } from 'vitest';
import { isOver, parseLiveMessage } from '../src/tanks/live-message';

const battle = { id: 'b1', status: 'finished', participants: [] };

describe('live socket messages', () => {
  it('when the server sends status and result messages, then both are understood with their battle', () => {
    expect(
      parseLiveMessage(JSON.stringify({ type: 'status', battle: { ...battle, status: 'running' } })),
    ).toEqual({
      kind: 'status',
      battle: { ...battle, status: 'running' },
    });
    expect(parseLiveMessage(JSON.stringify({ type: 'result', battle }))).toEqual({ kind: 'result', battle });
  });

  it('when an engine frame arrives, then it is a frame whatever its frame type', () => {
    for (const type of ['frame', 'round-end', 'battle-end']) {
      const message = parseLiveMessage(JSON.stringify({ type, battleId: 'b1', round: 1, tick: 3 }));
      expect(message?.kind).toBe('frame');
    }
  });

  it('when a message is not JSON, has no battle or a type this page does not know, then it is ignored', () => {
    expect(parseLiveMessage('not json')).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: 'result' }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: 'gossip', battle }))).toBeNull();
    expect(parseLiveMessage(new ArrayBuffer(2))).toBeNull();
  });

  it('when a battle is finished or cancelled, then it is over; scheduled and running are not', () => {
    expect(['finished', 'cancelled'].map(isOver)).toEqual([true, true]);
    expect(['scheduled', 'running'].map(isOver)).toEqual([false, false]);
  });
});
