import { describe, expect, it } from 'vitest';
import type { BattleParticipant } from '../src/api/tanks-types';
import { liveUrl } from '../src/tanks/live-url';
import { seatLabels } from '../src/tanks/names';
import { isGzip, replayText } from '../src/tanks/replay-bytes';
import { shortReplay } from './tanks-fixtures';

const seat = (p: Partial<BattleParticipant>): BattleParticipant => ({
  userId: null,
  botId: null,
  version: null,
  builtin: null,
  place: null,
  score: null,
  ...p,
});

describe('replay bytes', () => {
  const { text } = shortReplay();

  it('when the replay arrives gzip, then it is inflated to the same text', async () => {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    const gz = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(isGzip(gz)).toBe(true);
    expect(await replayText(gz)).toBe(text);
  });

  it('when the replay arrives already inflated, then the bytes are read as UTF-8', async () => {
    const plain = new TextEncoder().encode(text);
    expect(isGzip(plain)).toBe(false);
    expect(await replayText(plain)).toBe(text);
  });
});

describe('seat labels', () => {
  it('when seats are built-in, hosted or duplicated, then each gets a distinct readable label', () => {
    const labels = seatLabels(
      [seat({ builtin: 'tracker' }), seat({ botId: 'b', version: 3 }), seat({ builtin: 'tracker' })],
      ['tracker', 'mine', 'tracker'],
    );
    expect(labels).toEqual(['tracker', 'mine v3', 'tracker #2']);
  });

  it('when the service already names the seat with its version, then the version is not printed twice', () => {
    const labels = seatLabels(
      [
        seat({ botId: 'a', version: 1, name: 'Longshot v1' }),
        seat({ botId: 'b', version: 12, name: 'Bulldozer v1' }),
      ],
      ['Longshot v1'],
    );
    expect(labels).toEqual(['Longshot v1', 'Bulldozer v1 v12']);
  });

  it('when a person drives a seat by keyboard, then the seat is called by their display name', () => {
    const people = (id: string) => (id === 'u1' ? 'Ada' : undefined);
    const labels = seatLabels(
      [seat({ local: true, userId: 'u1', name: 'local agent 1' }), seat({ local: true, userId: 'u2' })],
      [],
      people,
    );
    expect(labels).toEqual(['Ada', 'keyboard player']);
  });
});

describe('live URL', () => {
  it('when the page is https, then the socket is wss and the token rides in the query', () => {
    expect(liveUrl({ protocol: 'https:', host: 'g.example' }, 'b 1', 'a+b')).toBe(
      'wss://g.example/api/battles/b%201/live?access_token=a%2Bb',
    );
  });
});
