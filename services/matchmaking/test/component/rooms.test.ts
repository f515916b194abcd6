import { httpClient, identityHeaders, needsPostgres, waitFor, type TestService } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Database } from '../../src/database.js';
import { BattlesDouble } from './doubles.js';
import { player, startMatchmaking, type User } from './setup.js';

const pg = await needsPostgres();

type Room = {
  id: string;
  status: string;
  joinCode?: string;
  battleId: string | null;
  members: Array<{ userId: string; ready: boolean }>;
};

/** A room WebSocket that keeps every `{type: "room"}` message it receives. */
async function watchRoom(baseUrl: string, roomId: string, as: User) {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/rooms/${roomId}/live`, {
    headers: identityHeaders(as.id, as.roles),
  });
  const rooms: Room[] = [];
  socket.on('message', (raw) => {
    const msg = JSON.parse(String(raw)) as { type: string; room: Room };
    if (msg.type === 'room') rooms.push(msg.room);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  await waitFor(async () => rooms.length > 0);
  return { rooms, latest: () => rooms[rooms.length - 1]!, close: () => socket.close() };
}

describe.skipIf(!pg)('rooms (two instances on one database, battles over gRPC)', () => {
  let battles: BattlesDouble;
  let one: TestService<Database>;
  let two: TestService<Database>;
  let call: ReturnType<typeof httpClient>;
  let callTwo: ReturnType<typeof httpClient>;
  const [owner, bea, cid, dan] = [player(), player(), player(), player()];

  beforeAll(async () => {
    battles = await new BattlesDouble().start();
    one = await startMatchmaking(battles);
    two = await startMatchmaking(battles, {}, one);
    call = httpClient(one.url);
    callTwo = httpClient(two.url);
  });

  afterAll(async () => {
    await two?.stop();
    await one?.stop();
    await battles?.stop();
  });

  it("when a public room is opened with the owner's bot, then it is listed with the owner seated and room.updated is published", async () => {
    const res = await call('POST', '/api/rooms', {
      as: owner,
      body: { name: 'Listed', capacity: 2, bot: { local: true } },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Listed',
      private: false,
      capacity: 2,
      rules: { mode: 'duel', rounds: 5, version: 1 },
      status: 'open',
      members: [{ userId: owner.id, ready: false, bot: { local: true } }],
    });
    expect(res.body.joinCode).toBeUndefined();
    const listed = await callTwo('GET', '/api/rooms', { as: bea });
    expect(listed.body.items.map((r: Room) => r.id)).toContain(res.body.id);
    const event = await one.events.waitFor<{ roomId: string; members: unknown[] }>(
      'room.updated',
      (e) => e.data.roomId === res.body.id,
    );
    expect(event.data.members).toEqual([{ userId: owner.id, ready: false }]);
  });

  it("when a room is opened or joined with someone else's bot version, then 403 and nothing changes; an unknown version 422", async () => {
    const beasBot = battles.botOf(bea);
    const rooms = async () => (await one.ctx.db.selectFrom('rooms').select('id').execute()).length;
    const before = await rooms();
    const open = await call('POST', '/api/rooms', {
      as: owner,
      body: { name: 'Borrowed', capacity: 2, bot: beasBot },
    });
    expect(open.status).toBe(403);
    expect(open.contentType).toContain('application/problem+json');
    expect(await rooms()).toBe(before);

    const res = await call('POST', '/api/rooms', { as: owner, body: { name: 'Mine', capacity: 2 } });
    const roomId = res.body.id as string;
    const join = await call('POST', `/api/rooms/${roomId}/join`, { as: cid, body: { bot: beasBot } });
    expect(join.status).toBe(403);
    const unknown = await call('POST', `/api/rooms/${roomId}/join`, {
      as: cid,
      body: { bot: { botVersionId: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(unknown.status).toBe(422);
    const members = await one.ctx.db
      .selectFrom('room_members')
      .select('user_id')
      .where('room_id', '=', roomId)
      .execute();
    expect(members).toEqual([]);
    await call('POST', `/api/rooms/${roomId}/join`, { as: owner, body: { bot: { local: true } } });
    await call('POST', `/api/rooms/${roomId}/leave`, { as: owner });
  });

  it('when the capacity or rules do not fit, then 400/422 and no room', async () => {
    expect((await call('POST', '/api/rooms', { as: owner, body: { name: 'Big', capacity: 7 } })).status).toBe(
      400,
    );
    const duelOfThree = await call('POST', '/api/rooms', {
      as: owner,
      body: { name: 'Odd', capacity: 3, rules: { mode: 'duel' } },
    });
    expect(duelOfThree.status).toBe(422);
    expect(duelOfThree.contentType).toContain('application/problem+json');
    for (const version of [0, 3]) {
      const unknown = await call('POST', '/api/rooms', {
        as: owner,
        body: { name: 'Future', capacity: 2, rules: { version } },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.contentType).toContain('application/problem+json');
    }
  });

  it('when a room is private, then only insiders see it and its code, and joining needs the code', async () => {
    const res = await call('POST', '/api/rooms', {
      as: owner,
      body: { name: 'Secret', private: true, capacity: 3 },
    });
    expect(res.status).toBe(201);
    const { id, joinCode } = res.body as Room;
    expect(joinCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(res.body.rules).toEqual({ mode: 'ffa', rounds: 3, version: 1 });
    expect((await call('GET', '/api/rooms', { as: bea })).body.items.map((r: Room) => r.id)).not.toContain(
      id,
    );
    expect((await call('GET', `/api/rooms/${id}`, { as: bea })).status).toBe(404);
    const wrong = await call('POST', `/api/rooms/${id}/join`, {
      as: bea,
      body: { code: 'WRONG234', bot: { local: true } },
    });
    expect(wrong.status).toBe(404);
    const noCode = await call('POST', `/api/rooms/${id}/join`, { as: bea, body: { bot: { local: true } } });
    expect(noCode.status).toBe(404);
    const joined = await call('POST', `/api/rooms/${id}/join`, {
      as: bea,
      body: { code: joinCode!.toLowerCase(), bot: { local: true } },
    });
    expect(joined.status).toBe(200);
    expect(joined.body.joinCode).toBe(joinCode);
    expect((await call('GET', `/api/rooms/${id}`, { as: bea })).status).toBe(200);
  });

  it('when the room fills and everyone is ready, then one battle is created and every watcher, on either instance, is told', async () => {
    const res = await call('POST', '/api/rooms', {
      as: owner,
      body: {
        name: 'Brawl',
        capacity: 3,
        rules: { mode: 'ffa', rounds: 2, version: 2 },
        bot: battles.botOf(owner),
      },
    });
    const roomId = res.body.id as string;
    // the owner watches through instance two; every change below is made through instance one
    const ownerLive = await watchRoom(two.url, roomId, owner);
    expect(ownerLive.latest().members).toHaveLength(1);

    const beaBot = battles.botOf(bea);
    expect((await call('POST', `/api/rooms/${roomId}/join`, { as: bea, body: { bot: beaBot } })).status).toBe(
      200,
    );
    await waitFor(async () => ownerLive.latest().members.length === 2);
    const beaLive = await watchRoom(one.url, roomId, bea);

    expect((await call('POST', `/api/rooms/${roomId}/ready`, { as: owner })).body.members[0].ready).toBe(
      true,
    );
    expect(
      (await call('POST', `/api/rooms/${roomId}/join`, { as: cid, body: { bot: { local: true } } })).status,
    ).toBe(200);
    const full = await call('POST', `/api/rooms/${roomId}/join`, { as: dan, body: { bot: { local: true } } });
    expect(full.status).toBe(409);

    expect((await call('POST', `/api/rooms/${roomId}/ready`, { as: bea })).body.status).toBe('open');
    expect(battles.battlesOf(roomId)).toEqual([]);
    const last = await call('POST', `/api/rooms/${roomId}/ready`, { as: cid, body: { ready: true } });
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ status: 'started', battleId: expect.any(String) });

    const [request, ...more] = battles.battlesOf(roomId);
    expect(more).toEqual([]);
    expect(request).toMatchObject({
      requestId: `room:${roomId}`,
      kind: 'room',
      ranked: false,
      mode: 'ffa',
      rounds: 2,
      rulesVersion: 2,
    });
    expect(request!.participants.map((p) => p.userId)).toEqual([owner.id, bea.id, cid.id]);
    expect(request!.participants[1]!.botVersionId).toBe(beaBot.botVersionId);
    expect(request!.participants[2]!.local).toBe(true);

    for (const live of [ownerLive, beaLive]) {
      await waitFor(async () => live.latest().status === 'started');
      expect(live.latest().battleId).toBe(last.body.battleId);
    }
    ownerLive.close();
    beaLive.close();
    await one.events.waitFor<{ roomId: string; status: string; battleId: string }>(
      'room.updated',
      (e) =>
        e.data.roomId === roomId && e.data.status === 'started' && e.data.battleId === last.body.battleId,
    );
    const afterStart = await call('POST', `/api/rooms/${roomId}/leave`, { as: bea });
    expect(afterStart.status).toBe(409);
    expect((await call('GET', '/api/rooms', { as: dan })).body.items.map((r: Room) => r.id)).not.toContain(
      roomId,
    );
  });

  it('when someone changes their bot after getting ready, then their ready mark is cleared; the last one to leave closes the room', async () => {
    const res = await call('POST', '/api/rooms', {
      as: bea,
      body: { name: 'Short-lived', capacity: 2, bot: { local: true } },
    });
    const roomId = res.body.id as string;
    await call('POST', `/api/rooms/${roomId}/ready`, { as: bea });
    const rejoined = await call('POST', `/api/rooms/${roomId}/join`, {
      as: bea,
      body: { bot: battles.botOf(bea) },
    });
    expect(rejoined.body.members).toEqual([expect.objectContaining({ userId: bea.id, ready: false })]);
    expect((await call('POST', `/api/rooms/${roomId}/ready`, { as: dan })).status).toBe(409);
    const left = await call('POST', `/api/rooms/${roomId}/leave`, { as: bea });
    expect(left.body).toMatchObject({ status: 'closed', members: [] });
    const again = await call('POST', `/api/rooms/${roomId}/join`, {
      as: dan,
      body: { bot: { local: true } },
    });
    expect(again.status).toBe(409);
  });

  it('when battles is down as the last player gets ready, then 503 and the room stays open for another try', async () => {
    const res = await call('POST', '/api/rooms', {
      as: cid,
      body: { name: 'Retry', capacity: 2, bot: { local: true } },
    });
    const roomId = res.body.id as string;
    await call('POST', `/api/rooms/${roomId}/join`, { as: dan, body: { bot: { local: true } } });
    await call('POST', `/api/rooms/${roomId}/ready`, { as: cid });
    battles.unavailable = true;
    try {
      expect((await call('POST', `/api/rooms/${roomId}/ready`, { as: dan })).status).toBe(503);
    } finally {
      battles.unavailable = false;
    }
    const room = await call('GET', `/api/rooms/${roomId}`, { as: dan });
    expect(room.body).toMatchObject({ status: 'open', battleId: null });
    expect(room.body.members.map((m: { ready: boolean }) => m.ready)).toEqual([true, false]);
    expect((await call('POST', `/api/rooms/${roomId}/ready`, { as: dan })).body.status).toBe('started');
  });

  it("when an outsider opens a private room's live socket, then it is refused before the upgrade", async () => {
    const res = await call('POST', '/api/rooms', {
      as: owner,
      body: { name: 'Closed doors', private: true, capacity: 2 },
    });
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${one.url.replace('http', 'ws')}/api/rooms/${res.body.id}/live`, {
        headers: identityHeaders(dan.id, dan.roles),
      });
      socket.on('unexpected-response', (_req, answer) => resolve(answer.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(refused).toBe(404);
  });
});
