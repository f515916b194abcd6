import { useState, type FormEvent } from 'react';
import {
  WEEKDAYS,
  type NewTournamentSettings,
  type TournamentFormat,
  type Visibility,
  type Weekday,
} from '../api/competition-types';
import { formSummary } from '../api/problem';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { TanksNav } from '../components/tanks/TanksNav';
import { useAction } from '../components/use-action';
import { localInputIn, localInputToIso } from '../competition/schedule';
import { Link, navigate } from '../router/router';
import { competition } from '../services';
import { RulesVersionField, rulesVersionPart } from '../components/tanks/RulesVersionField';

const LABELS = {
  title: 'Title',
  description: 'Description',
  capacity: 'Players',
  swissRounds: 'Swiss rounds',
  startsAt: 'Starts',
  registrationClosesAt: 'Registration closes',
  at: 'Time',
  timezone: 'Time zone',
  rounds: 'Game rounds per battle',
};

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Organise one tournament, or a series that creates editions on a schedule. */
export function NewTournamentPage() {
  const [kind, setKind] = useState<'once' | 'series'>('once');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [format, setFormat] = useState<TournamentFormat>('single-elimination');
  const [swissRounds, setSwissRounds] = useState('');
  const [capacity, setCapacity] = useState('8');
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [gameRounds, setGameRounds] = useState('');
  const [rulesVersion, setRulesVersion] = useState(1);
  const [startsAt, setStartsAt] = useState(() => localInputIn(60));
  const [closesAt, setClosesAt] = useState('');
  const [broadcast, setBroadcast] = useState(false);
  const [every, setEvery] = useState<'day' | 'week'>('week');
  const [weekday, setWeekday] = useState<Weekday>('friday');
  const [at, setAt] = useState('19:00');
  const [timezone, setTimezone] = useState(browserZone);

  const create = useAction(async () => {
    const settings: NewTournamentSettings = {
      title: title.trim(),
      description: description.trim(),
      format,
      ...(format === 'swiss' && swissRounds ? { swissRounds: Number(swissRounds) } : {}),
      rules: {
        mode: 'duel',
        ...(gameRounds ? { rounds: Number(gameRounds) } : {}),
        ...rulesVersionPart(rulesVersion),
      },
      capacity: Number(capacity),
      visibility,
    };
    if (kind === 'series') {
      const series = await competition.series.create({
        ...settings,
        schedule: { every, ...(every === 'week' ? { weekday } : {}), at, timezone: timezone.trim() },
      });
      navigate(`/series/${series.id}`);
      return;
    }
    const start = localInputToIso(startsAt);
    if (!start) throw new Error('Please give the start date and time.');
    const closes = closesAt ? localInputToIso(closesAt) : null;
    const created = await competition.tournaments.create({
      ...settings,
      startsAt: start,
      ...(closes ? { registrationClosesAt: closes } : {}),
      broadcast,
    });
    navigate(`/tournaments/${created.id}`);
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  const error = create.error;

  return (
    <main className="page">
      <TanksNav />
      <p className="breadcrumb">
        <Link to="/tournaments">Tournaments</Link> /
      </p>
      <h1>Organise a tournament</h1>
      <form className="card tournament-form" onSubmit={onSubmit} aria-label="New tournament">
        <div className="segmented form-switch" role="group" aria-label="Kind">
          <button
            type="button"
            className={kind === 'once' ? 'segment active' : 'segment'}
            aria-pressed={kind === 'once'}
            onClick={() => setKind('once')}
          >
            One tournament
          </button>
          <button
            type="button"
            className={kind === 'series' ? 'segment active' : 'segment'}
            aria-pressed={kind === 'series'}
            onClick={() => setKind('series')}
          >
            Regular series
          </button>
        </div>
        {error && <Alert>{formSummary(error, LABELS)}</Alert>}
        <Field
          label="Title"
          name="title"
          required
          maxLength={kind === 'series' ? 180 : 200}
          value={title}
          error={error?.messageFor('title')}
          hint={kind === 'series' ? 'Editions are called “<title> #1”, “#2” and so on.' : undefined}
          onChange={(e) => setTitle(e.target.value)}
        />
        <div className="field">
          <label htmlFor="tournament-description">Description</label>
          <textarea
            id="tournament-description"
            maxLength={10_000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="Prizes, rules of conduct, who it is for…"
          />
        </div>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="tournament-format">Format</label>
            <select
              id="tournament-format"
              value={format}
              onChange={(e) => setFormat(e.target.value as TournamentFormat)}
            >
              <option value="single-elimination">Single elimination</option>
              <option value="round-robin">Round robin</option>
              <option value="swiss">Swiss</option>
            </select>
          </div>
          {format === 'swiss' && (
            <Field
              label="Swiss rounds"
              name="swissRounds"
              type="number"
              min={1}
              max={64}
              placeholder="⌈log2 players⌉"
              value={swissRounds}
              error={error?.messageFor('swissRounds')}
              onChange={(e) => setSwissRounds(e.target.value)}
            />
          )}
          <Field
            label="Players"
            name="capacity"
            type="number"
            min={2}
            required
            value={capacity}
            error={error?.messageFor('capacity')}
            onChange={(e) => setCapacity(e.target.value)}
          />
          <Field
            label="Game rounds per battle"
            name="rounds"
            type="number"
            min={1}
            max={15}
            placeholder="5"
            value={gameRounds}
            error={error?.messageFor('rounds')}
            onChange={(e) => setGameRounds(e.target.value)}
          />
          <RulesVersionField id="tournament-rules" value={rulesVersion} onChange={setRulesVersion} />
          <div className="field">
            <label htmlFor="tournament-visibility">Who may apply</label>
            <select
              id="tournament-visibility"
              value={visibility}
              onChange={(e) => setVisibility(e.target.value as Visibility)}
            >
              <option value="public">Anyone (you accept or reject)</option>
              <option value="invite-only">Invited players only</option>
            </select>
          </div>
        </div>
        {kind === 'once' ? (
          <div className="form-grid">
            <Field
              label="Starts"
              name="startsAt"
              type="datetime-local"
              required
              value={startsAt}
              error={error?.messageFor('startsAt')}
              onChange={(e) => setStartsAt(e.target.value)}
            />
            <Field
              label="Registration closes"
              name="registrationClosesAt"
              type="datetime-local"
              value={closesAt}
              hint="At the start when left empty."
              error={error?.messageFor('registrationClosesAt')}
              onChange={(e) => setClosesAt(e.target.value)}
            />
            <label className="check block">
              <input type="checkbox" checked={broadcast} onChange={(e) => setBroadcast(e.target.checked)} />{' '}
              Broadcast: spectators watch each battle live, and its result is revealed when it ends
            </label>
          </div>
        ) : (
          <fieldset className="schedule-fields">
            <legend>Schedule</legend>
            <div className="form-grid">
              <div className="field">
                <label htmlFor="series-every">Every</label>
                <select
                  id="series-every"
                  value={every}
                  onChange={(e) => setEvery(e.target.value as 'day' | 'week')}
                >
                  <option value="day">Day</option>
                  <option value="week">Week</option>
                </select>
              </div>
              {every === 'week' && (
                <div className="field">
                  <label htmlFor="series-weekday">On</label>
                  <select
                    id="series-weekday"
                    value={weekday}
                    onChange={(e) => setWeekday(e.target.value as Weekday)}
                  >
                    {WEEKDAYS.map((d) => (
                      <option key={d} value={d}>
                        {d.charAt(0).toUpperCase() + d.slice(1)}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <Field
                label="Time"
                name="at"
                type="time"
                required
                value={at}
                error={error?.messageFor('at')}
                onChange={(e) => setAt(e.target.value)}
              />
              <Field
                label="Time zone"
                name="timezone"
                required
                value={timezone}
                hint="An IANA zone such as Europe/Berlin."
                error={error?.messageFor('timezone')}
                onChange={(e) => setTimezone(e.target.value)}
              />
            </div>
          </fieldset>
        )}
        <button type="submit" className="primary" disabled={create.pending || title.trim() === ''}>
          {create.pending ? 'Creating…' : kind === 'series' ? 'Create series' : 'Create tournament'}
        </button>
      </form>
    </main>
  );
}
