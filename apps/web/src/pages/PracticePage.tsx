import { useState, type FormEvent } from 'react';
import { BUILTIN_BOT_NAMES, type SeatRequest } from '../api/tanks-types';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { TanksNav } from '../components/tanks/TanksNav';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { navigate } from '../router/router';
import { api, client } from '../services';
import { holdAgentOnline, releaseAgent } from '../tanks/agent-presence';
import { agentUrl } from '../tanks/keyboard-agent';
import { RulesVersionField } from '../components/tanks/RulesVersionField';

const MAX_SEATS = 6;
const KEYBOARD = 'local';

/** A seat's choice as one select value: `builtin:tracker`, `version:<id>` or `local`. */
function toRequest(choice: string): SeatRequest {
  if (choice === KEYBOARD) return { local: true };
  if (choice.startsWith('version:')) return { botVersionId: choice.slice('version:'.length) };
  return { builtin: choice.slice('builtin:'.length) };
}

/** Pick who plays each seat, how many rounds, and start: the battle page follows it. */
export function PracticePage({ user }: { user: User }) {
  const versions = useLoad(async () => {
    const bots = await api.bots.mine(user.id);
    const lists = await Promise.all(bots.items.map((bot) => api.bots.versions(bot.id)));
    return bots.items.flatMap((bot, i) =>
      (lists[i]?.items ?? [])
        .filter((v) => v.status === 'valid')
        .map((v) => ({
          id: v.id,
          active: v.active,
          label: `${bot.name} v${v.version}${v.active ? ' (active)' : ''}`,
        })),
    );
  }, user.id);
  const [chosen, setSeats] = useState<string[] | null>(null);
  // Until the player picks, their own active bot (if any) takes seat 1 against tracker.
  const mine = versions.data?.find((v) => v.active) ?? versions.data?.[0];
  const seats = chosen ?? [mine ? `version:${mine.id}` : 'builtin:spinner', 'builtin:tracker'];
  const [rounds, setRounds] = useState('');
  const [rulesVersion, setRulesVersion] = useState(1);
  const [seed, setSeed] = useState('');
  const start = useAction(async () => {
    if (seats.includes(KEYBOARD)) {
      const token = await client.currentAccessToken();
      if (token) await holdAgentOnline(agentUrl(window.location, token));
    }
    const created = await api.battles
      .create({
        participants: seats.map(toRequest),
        ...(rounds ? { rounds: Number(rounds) } : {}),
        ...(rulesVersion !== 1 ? { rulesVersion } : {}),
        ...(seed ? { seed: Number(seed) } : {}),
      })
      .catch((err: unknown) => {
        releaseAgent();
        throw err;
      });
    navigate(`/battles/${created.id}`);
  });
  const keyboardSeats = seats.filter((s) => s === KEYBOARD).length;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void start.run();
  };

  return (
    <main className="page">
      <TanksNav />
      <h1>Practice</h1>
      <form className="card" onSubmit={onSubmit} aria-labelledby="practice-title">
        <h2 id="practice-title">New practice battle</h2>
        <p className="muted">
          Two seats make a duel (800×600, 5 rounds); three to six a free-for-all (1200×900, 3 rounds).
          Practice battles are never ranked.
        </p>
        {start.error && <Alert>{start.error.message}</Alert>}
        {versions.error && <Alert>Your bots could not be loaded: {versions.error}</Alert>}
        <ol className="seat-list">
          {seats.map((choice, index) => (
            <li key={index} className="seat-row">
              <label htmlFor={`seat-${index}`}>Seat {index + 1}</label>
              <select
                id={`seat-${index}`}
                value={choice}
                onChange={(event) => setSeats(seats.map((s, k) => (k === index ? event.target.value : s)))}
              >
                {(versions.data ?? []).length > 0 && (
                  <optgroup label="My bots">
                    {(versions.data ?? []).map((v) => (
                      <option key={v.id} value={`version:${v.id}`}>
                        {v.label}
                      </option>
                    ))}
                  </optgroup>
                )}
                <optgroup label="Reference bots">
                  {BUILTIN_BOT_NAMES.map((name) => (
                    <option key={name} value={`builtin:${name}`}>
                      {name}
                    </option>
                  ))}
                </optgroup>
                <option value={KEYBOARD} disabled={keyboardSeats > 0 && choice !== KEYBOARD}>
                  Me, with the keyboard
                </option>
              </select>
              {seats.length > 2 && (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove seat ${index + 1}`}
                  onClick={() => setSeats(seats.filter((_, k) => k !== index))}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ol>
        {seats.length < MAX_SEATS && (
          <button
            type="button"
            className="secondary"
            onClick={() => setSeats([...seats, 'builtin:sitting-duck'])}
          >
            Add a seat
          </button>
        )}
        <div className="form-row practice-options">
          <div className="field">
            <label htmlFor="practice-rounds">Rounds</label>
            <input
              id="practice-rounds"
              type="number"
              min={1}
              max={10}
              placeholder={seats.length === 2 ? '5' : '3'}
              value={rounds}
              onChange={(event) => setRounds(event.target.value)}
            />
          </div>
          <RulesVersionField id="practice-rules" value={rulesVersion} onChange={setRulesVersion} />
          <div className="field">
            <label htmlFor="practice-seed">Seed</label>
            <input
              id="practice-seed"
              type="number"
              min={0}
              placeholder="random"
              value={seed}
              onChange={(event) => setSeed(event.target.value)}
            />
          </div>
        </div>
        {keyboardSeats > 0 && (
          <p className="field-hint">
            You drive with the arrows or WASD and fire with space; the battle runs in real time (10 ticks/s).
          </p>
        )}
        <button type="submit" className="primary" disabled={start.pending}>
          {start.pending ? 'Starting…' : 'Start battle'}
        </button>
      </form>
    </main>
  );
}
