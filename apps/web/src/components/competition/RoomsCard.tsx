import { useState, type FormEvent } from 'react';
import { countOf } from '../../competition/schedule';
import type { BattleMode } from '../../api/competition-types';
import { choiceFromValue } from '../../competition/bot-choice';
import { parseRoomInvite, roomInvitePath } from '../../competition/room-link';
import { Link, navigate } from '../../router/router';
import { competition } from '../../services';
import { Alert } from '../Alert';
import { Field } from '../Field';
import { useAction } from '../use-action';
import { useLoad } from '../use-load';
import { BotPicker, defaultBotValue } from './BotPicker';
import { useMyBots } from './use-my-bots';
import { RulesVersionField, rulesNote, rulesVersionPart } from '../tanks/RulesVersionField';

/** Open public rooms, a new room, and joining a private one by its invite link. */
export function RoomsCard({ me }: { me: string }) {
  const rooms = useLoad(() => competition.rooms.list(), me);
  const bots = useMyBots(me);
  const [choice, setChoice] = useState<string | null>(null);
  const value = choice ?? defaultBotValue(bots.options);
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState('2');
  const [isPrivate, setPrivate] = useState(false);
  const [rounds, setRounds] = useState('');
  const [rulesVersion, setRulesVersion] = useState(1);
  const [invite, setInvite] = useState('');

  const create = useAction(async () => {
    const bot = choiceFromValue(value);
    const mode: BattleMode = Number(capacity) > 2 ? 'ffa' : 'duel';
    const room = await competition.rooms.create({
      name: name.trim(),
      private: isPrivate,
      capacity: Number(capacity),
      rules: { mode, ...(rounds ? { rounds: Number(rounds) } : {}), ...rulesVersionPart(rulesVersion) },
      ...(bot ? { bot } : {}),
    });
    navigate(room.joinCode ? roomInvitePath(room.id, room.joinCode) : `/rooms/${room.id}`);
  });
  const join = useAction(async () => {
    const parsed = parseRoomInvite(invite);
    if (!parsed) throw new Error('That is not a room link: paste the whole link the room owner shared.');
    navigate(parsed.code ? roomInvitePath(parsed.roomId, parsed.code) : `/rooms/${parsed.roomId}`);
  });
  const items = rooms.data?.items ?? [];

  return (
    <>
      <section className="card" aria-labelledby="rooms-title">
        <div className="section-header">
          <h2 id="rooms-title">Open rooms</h2>
          <button type="button" className="secondary" disabled={rooms.loading} onClick={rooms.reload}>
            {rooms.loading ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
        {rooms.error && <Alert>{rooms.error}</Alert>}
        {rooms.data && items.length === 0 && <p className="muted">No public room is waiting. Open one!</p>}
        {items.length > 0 && (
          <ul className="battle-list" aria-label="Open rooms">
            {items.map((room) => (
              <li key={room.id}>
                <Link to={`/rooms/${room.id}`} className="battle-link">
                  <span className="battle-seats">{room.name}</span>
                  <span className="battle-meta">
                    <span>
                      {room.members.length} / {room.capacity} seats
                    </span>
                    <span className="muted">
                      {room.rules.mode === 'duel' ? 'duel' : 'free-for-all'},{' '}
                      {countOf(room.rules.rounds, 'round')}
                      {rulesNote(room.rules.version)}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="card-grid">
        <form
          className="card"
          aria-labelledby="room-new-title"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            void create.run();
          }}
        >
          <h2 id="room-new-title">Open a room</h2>
          {create.error && <Alert>{create.error.message}</Alert>}
          <Field
            label="Room name"
            name="name"
            required
            maxLength={64}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <div className="form-grid">
            <div className="field">
              <label htmlFor="room-capacity">Seats</label>
              <select id="room-capacity" value={capacity} onChange={(e) => setCapacity(e.target.value)}>
                <option value="2">2 (duel)</option>
                {[3, 4, 5, 6].map((n) => (
                  <option key={n} value={String(n)}>
                    {n} (free-for-all)
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="room-rounds">Game rounds</label>
              <input
                id="room-rounds"
                type="number"
                min={1}
                max={15}
                placeholder={capacity === '2' ? '5' : '3'}
                value={rounds}
                onChange={(e) => setRounds(e.target.value)}
              />
            </div>
            <RulesVersionField id="room-rules" value={rulesVersion} onChange={setRulesVersion} />
          </div>
          <BotPicker
            id="room-bot"
            label="Your bot"
            options={bots.options}
            value={value}
            loading={bots.loading}
            onChange={setChoice}
          />
          <label className="check block">
            <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />{' '}
            Private (join by invite link)
          </label>
          <button type="submit" className="primary" disabled={create.pending || !name.trim()}>
            {create.pending ? 'Opening…' : 'Open room'}
          </button>
        </form>
        <form
          className="card"
          aria-labelledby="room-join-title"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            void join.run();
          }}
        >
          <h2 id="room-join-title">Join a private room</h2>
          {join.error && <Alert>{join.error.message}</Alert>}
          <Field
            label="Invite link"
            name="invite"
            value={invite}
            placeholder="…/#/rooms/…?code=…"
            hint="The room owner sees it on the room's page."
            onChange={(e) => setInvite(e.target.value)}
          />
          <button type="submit" className="secondary" disabled={!invite.trim()}>
            Go to the room
          </button>
        </form>
      </div>
    </>
  );
}
