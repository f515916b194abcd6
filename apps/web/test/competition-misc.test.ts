import { describe, expect, it } from 'vitest';
import { choiceFromValue, choiceValue, describeBot } from '../src/competition/bot-choice';
import { layoutLine, linePath, niceStep } from '../src/competition/line-chart-layout';
import { latestAbout, notificationLink } from '../src/competition/notification-link';
import { codeFromHash, parseRoomInvite, roomInvitePath } from '../src/competition/room-link';
import { parseRoomMessage, roomLiveUrl } from '../src/competition/room-message';
import {
  countOf,
  describeSchedule,
  localInputIn,
  localInputToIso,
  ordinal,
} from '../src/competition/schedule';

const ROOM = '0b6c1f2e-8a1d-4c3b-9e7f-112233445566';

describe('layoutLine', () => {
  it('when values rise, then the points go left to right and up, within round tick bounds', () => {
    const { points, ticks, min, max } = layoutLine([800, 900, 1010], 300, 100);
    expect(points.map((p) => p.x)).toEqual([0, 150, 300]);
    expect(points[0]!.y).toBeGreaterThan(points[2]!.y);
    expect(min).toBeLessThanOrEqual(800);
    expect(max).toBeGreaterThanOrEqual(1010);
    expect(ticks[0]!.value).toBe(min);
    expect(ticks.at(-1)!.value).toBe(max);
    expect(ticks.every((t) => t.y >= 0 && t.y <= 100)).toBe(true);
  });

  it('when there is one value, then it is a single point in the middle and the range is not empty', () => {
    const { points, min, max } = layoutLine([1200], 200, 100);
    expect(points).toHaveLength(1);
    expect(points[0]!.x).toBe(100);
    expect(max).toBeGreaterThan(min);
  });

  it('when there is nothing, then there is nothing to draw', () => {
    expect(layoutLine([], 200, 100).points).toEqual([]);
    expect(linePath([])).toBe('');
  });

  it('when steps are chosen, then they are 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(210)).toBe(50);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0)).toBe(1);
    expect(
      linePath([
        { x: 0, y: 1 },
        { x: 2, y: 3 },
      ]),
    ).toBe('M0.0,1.0 L2.0,3.0');
  });
});

describe('bot choice', () => {
  it('when a choice goes through a select value and back, then it is the same choice', () => {
    expect(choiceFromValue(choiceValue({ local: true }))).toEqual({ local: true });
    expect(choiceFromValue(choiceValue({ botVersionId: 'v1' }))).toEqual({ botVersionId: 'v1' });
    expect(choiceFromValue('version:')).toBeNull();
    expect(choiceFromValue('')).toBeNull();
  });

  it('when a version has a known label, then it is named by it', () => {
    expect(describeBot({ botVersionId: 'v1' }, new Map([['v1', 'scout v3']]))).toBe('scout v3');
    expect(describeBot({ botVersionId: 'v2' })).toBe('a hosted bot');
    expect(describeBot({ local: true })).toBe('a local Agent');
  });
});

describe('room invite links', () => {
  it('when the owner shares a link, then it carries the room and the code back', () => {
    const path = roomInvitePath(ROOM, 'AB 12');
    expect(parseRoomInvite(`https://garrison.example/#${path}`)).toEqual({ roomId: ROOM, code: 'AB 12' });
    expect(parseRoomInvite(`/rooms/${ROOM}`)).toEqual({ roomId: ROOM, code: null });
    expect(codeFromHash(`#${path}`)).toBe('AB 12');
    expect(codeFromHash('#/rooms/x')).toBeNull();
  });

  it('when the text is not a room link, then it is refused', () => {
    expect(parseRoomInvite('hello')).toBeNull();
    expect(parseRoomInvite('/rooms/not-a-uuid?code=1')).toBeNull();
  });
});

describe('room socket', () => {
  it('when a room frame arrives, then the room is taken; anything else is ignored', () => {
    const room = { id: ROOM, members: [], status: 'open' };
    expect(parseRoomMessage(JSON.stringify({ type: 'room', room }))).toEqual(room);
    expect(parseRoomMessage(JSON.stringify({ type: 'other', room }))).toBeNull();
    expect(parseRoomMessage('{nope')).toBeNull();
    expect(parseRoomMessage(JSON.stringify({ type: 'room', room: { id: ROOM } }))).toBeNull();
  });

  it('when the page is https, then the socket is wss with the token in the query', () => {
    expect(roomLiveUrl({ protocol: 'https:', host: 'g.example' }, ROOM, 'a b')).toBe(
      `wss://g.example/api/rooms/${ROOM}/live?access_token=a%20b`,
    );
  });
});

describe('notificationLink', () => {
  it('when a notification names a page of the app, then the bell links to it', () => {
    expect(notificationLink({ tournamentUrl: '/tournaments/1' })).toBe('/tournaments/1');
    expect(notificationLink({ battleUrl: '/battles/2', challengeUrl: '/challenges/3' })).toBe('/battles/2');
  });

  it('when it names no page, or another site, then there is no link', () => {
    expect(notificationLink(null)).toBeNull();
    expect(notificationLink({ tournamentUrl: 'https://evil.example/' })).toBeNull();
    expect(notificationLink({ tournamentUrl: '//evil.example/' })).toBeNull();
  });
});

describe('latestAbout', () => {
  it('when several notifications concern a tournament, then the newest (first) one is picked', () => {
    const items = [
      { id: 'n3', data: { tournamentId: 'other' } },
      { id: 'n2', data: { tournamentId: 't1' } },
      { id: 'n1', data: { tournamentId: 't1' } },
      { id: 'n0', data: null },
    ];
    expect(latestAbout(items, 'tournamentId', 't1')).toBe('n2');
    expect(latestAbout(items, 'tournamentId', 'none')).toBeNull();
  });
});

describe('schedule and dates', () => {
  it('when a series schedule is described, then it reads as a sentence', () => {
    expect(describeSchedule({ every: 'day', at: '19:00', timezone: 'UTC' })).toBe('Every day at 19:00 (UTC)');
    expect(
      describeSchedule({ every: 'week', weekday: 'friday', at: '20:30', timezone: 'Europe/Berlin' }),
    ).toBe('Every Friday at 20:30 (Europe/Berlin)');
  });

  it('when a local date input is converted, then it is the same instant in ISO, and garbage is refused', () => {
    const value = localInputIn(90, new Date(2026, 10, 23, 13, 0, 20));
    expect(value).toBe('2026-11-23T14:31');
    expect(localInputToIso(value)).toBe(new Date(2026, 10, 23, 14, 31).toISOString());
    expect(localInputToIso('tomorrow')).toBeNull();
  });

  it('when a count is written, then the word takes a plural except for one', () => {
    expect([0, 1, 5].map((n) => countOf(n, 'round'))).toEqual(['0 rounds', '1 round', '5 rounds']);
  });

  it('when places are written, then they carry English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
    ]);
  });
});
