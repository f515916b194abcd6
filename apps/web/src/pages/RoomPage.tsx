import { useEffect, useState } from 'react';
import { countOf } from '../competition/schedule';
import type { Room } from '../api/competition-types';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { BotPicker, defaultBotValue } from '../components/competition/BotPicker';
import { PlayerLink } from '../components/competition/PlayerLink';
import { usePeople } from '../components/competition/use-people';
import { useMyBots } from '../components/competition/use-my-bots';
import { useRoomLive } from '../components/competition/use-room-live';
import { TanksNav } from '../components/tanks/TanksNav';
import { useAction } from '../components/use-action';
import { choiceFromValue, describeBot } from '../competition/bot-choice';
import { codeFromHash, roomInvitePath } from '../competition/room-link';
import { ApiError } from '../api/problem';
import { Link, navigate } from '../router/router';
import { competition } from '../services';
import { rulesNote } from '../components/tanks/RulesVersionField';

const STREAM_TEXT = { live: 'Live', connecting: 'Connecting…', offline: 'Reconnecting…' } as const;

/** A room: its seats as they fill live, my bot and my ready mark; full and all ready starts the battle. */
export function RoomPage({ user, roomId }: { user: User; roomId: string }) {
  const code = codeFromHash(window.location.hash);
  const [fetched, setFetched] = useState<Room | null>(null);
  const [hidden, setHidden] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    competition.rooms
      .get(roomId)
      .then(setFetched)
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404 && code) setHidden(true);
        else setLoadError(e instanceof Error ? e.message : String(e));
      });
  }, [roomId, code]);
  const live = useRoomLive(roomId, fetched !== null);
  const room = live.room ?? fetched;
  const people = usePeople(room ? room.members.map((m) => m.userId) : []);
  const bots = useMyBots(user.id);
  const [choice, setChoice] = useState<string | null>(null);
  const me = room?.members.find((m) => m.userId === user.id);
  const value = choice ?? defaultBotValue(bots.options);

  const join = useAction(async () => {
    const bot = choiceFromValue(value);
    if (!bot) throw new Error('Pick a bot first.');
    setFetched(await competition.rooms.join(roomId, bot, code ?? undefined));
    setHidden(false);
  });
  const leave = useAction(async () => setFetched(await competition.rooms.leave(roomId)));
  const ready = useAction(async (on: boolean) => setFetched(await competition.rooms.ready(roomId, on)));
  const error = join.error ?? leave.error ?? ready.error;

  // Everyone ready: the battle exists, and everybody in the room goes to watch it.
  const battleId = room?.status === 'started' ? room.battleId : null;
  useEffect(() => {
    if (battleId) navigate(`/battles/${battleId}`);
  }, [battleId]);

  const picker = (
    <BotPicker
      id="room-bot"
      label={me ? 'Change bot' : 'Your bot'}
      options={bots.options}
      value={value}
      loading={bots.loading}
      onChange={setChoice}
    />
  );
  return (
    <main className="page">
      <TanksNav />
      <p className="breadcrumb">
        <Link to="/play">Play</Link> /
      </p>
      {loadError && <Alert>{loadError}</Alert>}
      {error && <Alert>{error.message}</Alert>}
      {hidden && !room && (
        <section className="card">
          <h1>Private room</h1>
          <p>You were invited to a private room. Pick your bot to take a seat.</p>
          {picker}
          <button type="button" className="primary" disabled={join.pending} onClick={() => void join.run()}>
            {join.pending ? 'Joining…' : 'Join'}
          </button>
        </section>
      )}
      {!room && !hidden && !loadError && <p className="muted">Loading…</p>}
      {room && (
        <>
          <div className="section-header">
            <h1>{room.name}</h1>
            <span className={`stream-status stream-${live.status}`}>{STREAM_TEXT[live.status]}</span>
          </div>
          <div className="card-grid">
            <section className="card" aria-labelledby="seats-title">
              <h2 id="seats-title">
                Seats {room.members.length} / {room.capacity}
              </h2>
              <ul className="plain-list" aria-label="Members">
                {room.members.map((m) => (
                  <li key={m.userId} className="user-pick">
                    <span>
                      <PlayerLink userId={m.userId} name={people.name(m.userId)} />
                      {m.userId === room.ownerId && <span className="muted"> (owner)</span>}{' '}
                      <span className="muted">with {describeBot(m.bot, bots.labels)}</span>
                    </span>
                    <span className={`status ${m.ready ? 'status-accepted' : 'status-pending'}`}>
                      {m.ready ? 'ready' : 'not ready'}
                    </span>
                  </li>
                ))}
                {Array.from({ length: Math.max(0, room.capacity - room.members.length) }, (_, i) => (
                  <li key={`free-${i}`} className="muted">
                    free seat
                  </li>
                ))}
              </ul>
              <p className="muted small">
                {room.rules.mode === 'duel' ? 'Duel' : 'Free-for-all'} of{' '}
                {countOf(room.rules.rounds, 'round')}
                {rulesNote(room.rules.version)}, not ranked. The battle starts when every seat is taken and
                everyone is ready.
              </p>
            </section>
            <section className="card" aria-labelledby="my-seat-title">
              <h2 id="my-seat-title">{me ? 'My seat' : 'Take a seat'}</h2>
              {room.status !== 'open' ? (
                <p>
                  This room is {room.status}.{' '}
                  {room.battleId && <Link to={`/battles/${room.battleId}`}>Go to the battle</Link>}
                </p>
              ) : (
                <>
                  {picker}
                  <div className="button-row">
                    {(!me || choice !== null) && (
                      <button
                        type="button"
                        className={me ? 'secondary' : 'primary'}
                        disabled={join.pending}
                        onClick={() => void join.run()}
                      >
                        {me ? 'Use this bot' : join.pending ? 'Joining…' : 'Join'}
                      </button>
                    )}
                    {me && (
                      <button
                        type="button"
                        className={me.ready ? 'secondary' : 'primary'}
                        disabled={ready.pending}
                        onClick={() => void ready.run(!me.ready)}
                      >
                        {me.ready ? 'Not ready' : 'Ready'}
                      </button>
                    )}
                    {me && (
                      <button
                        type="button"
                        className="link-button"
                        disabled={leave.pending}
                        onClick={() => void leave.run()}
                      >
                        Leave
                      </button>
                    )}
                  </div>
                </>
              )}
              {room.private && room.joinCode && (
                <div className="invite-box">
                  <p className="field-hint">Invite link (code {room.joinCode}):</p>
                  <code>{`${window.location.origin}${window.location.pathname}#${roomInvitePath(room.id, room.joinCode)}`}</code>
                </div>
              )}
            </section>
          </div>
        </>
      )}
    </main>
  );
}
