import { useEffect, useState } from 'react';
import type { Tournament } from '../api/competition-types';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { ApplicationsCard } from '../components/competition/ApplicationsCard';
import { ApplyCard } from '../components/competition/ApplyCard';
import { Bracket } from '../components/competition/Bracket';
import { InviteCard } from '../components/competition/InviteCard';
import { PlayerLink } from '../components/competition/PlayerLink';
import { RoundList } from '../components/competition/RoundList';
import { StandingsTable } from '../components/competition/StandingsTable';
import { DATE } from '../components/competition/TournamentList';
import { usePeople } from '../components/competition/use-people';
import { TanksNav } from '../components/tanks/TanksNav';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { describeBot } from '../competition/bot-choice';
import { latestAbout } from '../competition/notification-link';
import { onAir } from '../competition/on-air';
import { countOf, formatName, ordinal } from '../competition/schedule';
import { useNotifications } from '../notifications/NotificationsProvider';
import { Link } from '../router/router';
import { competition } from '../services';
import { hasRole } from '../session/roles';
import { rulesNote } from '../components/tanks/RulesVersionField';

const ON_AIR_REFRESH_MS = 5000;
/** setTimeout's limit is ~24.8 days; a start further away is picked up by the next visit. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One tournament: what it is, who plays, and how it goes (bracket or standings, rounds, replays). */
export function TournamentPage({ user, tournamentId }: { user: User; tournamentId: string }) {
  const [generation, setGeneration] = useState(0);
  const loaded = useLoad(() => competition.tournaments.get(tournamentId), `${tournamentId}:${generation}`);
  const t = loaded.data;
  const refresh = () => setGeneration((g) => g + 1);
  const ids = t ? [t.organizerId, ...t.participants.map((p) => p.userId)] : [];
  const people = usePeople(ids);
  // A decision, the start, a new round, the end: each reaches me as a notification; show it at once.
  const news = latestAbout(useNotifications().items, 'tournamentId', tournamentId);
  useEffect(() => {
    if (news) setGeneration((g) => g + 1);
  }, [news]);
  // A broadcast's battles go on air without telling a spectator: look again at the start and while it runs.
  const onAirNow = t?.broadcast === true && t.status === 'running';
  const startsAt = t?.broadcast === true && t.status === 'upcoming' ? t.startsAt : null;
  useEffect(() => {
    if (onAirNow) {
      const timer = setInterval(() => setGeneration((g) => g + 1), ON_AIR_REFRESH_MS);
      return () => clearInterval(timer);
    }
    if (startsAt === null) return;
    const wait = Math.max(Date.parse(startsAt) - Date.now(), 0) + ON_AIR_REFRESH_MS;
    if (wait > MAX_TIMER_MS) return;
    const timer = setTimeout(() => setGeneration((g) => g + 1), wait);
    return () => clearTimeout(timer);
  }, [onAirNow, startsAt, generation]);

  if (!t)
    return (
      <main className="page">
        <TanksNav />
        {loaded.error ? <Alert>{loaded.error}</Alert> : <p className="muted">Loading…</p>}
      </main>
    );

  const organiser = t.organizerId === user.id || hasRole(user, 'admin');
  const upcoming = t.status === 'upcoming';
  const registrationOpen = upcoming && Date.parse(t.registrationClosesAt) > Date.now();
  const entered = t.participants.some((p) => p.userId === user.id);
  return (
    <main className="page">
      <TanksNav />
      <p className="breadcrumb">
        <Link to="/tournaments">Tournaments</Link>
        {t.seriesId && (
          <>
            {' '}
            / <Link to={`/series/${t.seriesId}`}>Series</Link>
          </>
        )}{' '}
        /
      </p>
      <div className="section-header">
        <h1>{t.title}</h1>
        <span className={`status status-${t.status}`}>{t.status}</span>
      </div>
      {t.status === 'cancelled' && (
        <Alert kind="info">This tournament was cancelled{t.cancelReason ? `: ${t.cancelReason}` : '.'}</Alert>
      )}
      {loaded.error && <Alert>{loaded.error}</Alert>}
      <div className="card-grid tournament-head">
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          {t.description ? (
            <p className="tournament-description">{t.description}</p>
          ) : (
            <p className="muted">No description.</p>
          )}
          <dl className="facts">
            <dt>Organiser</dt>
            <dd>
              <PlayerLink userId={t.organizerId} name={people.name(t.organizerId)} />
            </dd>
            <dt>Format</dt>
            <dd>
              {formatName(t.format)}
              {t.format === 'swiss' && t.swissRounds ? `, ${t.swissRounds} rounds` : ''}
            </dd>
            <dt>Battles</dt>
            <dd>
              Duels of {countOf(t.rules.rounds ?? 5, 'game round')}
              {rulesNote(t.rules.version)}, ranked
            </dd>
            {t.broadcast && (
              <>
                <dt>Broadcast</dt>
                <dd>Every battle is shown live; its result is revealed when it ends</dd>
              </>
            )}
            <dt>Players</dt>
            <dd>
              {t.participants.length} of {t.capacity}
              {t.visibility === 'invite-only' && <span className="status status-private">invite only</span>}
            </dd>
            <dt>Starts</dt>
            <dd>
              <time dateTime={t.startsAt}>{new Date(t.startsAt).toLocaleString(undefined, DATE)}</time>
            </dd>
            {upcoming && (
              <>
                <dt>Registration</dt>
                <dd>
                  {registrationOpen ? 'open until ' : 'closed at '}
                  <time dateTime={t.registrationClosesAt}>
                    {new Date(t.registrationClosesAt).toLocaleString(undefined, DATE)}
                  </time>
                </dd>
              </>
            )}
            {t.rating !== null && (
              <>
                <dt>Strength</dt>
                <dd>
                  {Math.round(t.rating)}
                  {t.weight != null && (
                    <span className="muted">
                      {' '}
                      · the winner earns {Math.round(100 * t.weight)} rating points
                    </span>
                  )}
                </dd>
              </>
            )}
          </dl>
          {organiser && upcoming && <CancelButton tournament={t} onCancelled={refresh} />}
        </section>
        {registrationOpen && !entered && (
          <div>
            {organiser && (
              <p className="muted organiser-note">
                You organise this tournament and may play in it too: apply with a bot, then accept your own
                application below.
              </p>
            )}
            <ApplyCard tournamentId={t.id} userId={user.id} onApplied={refresh} />
          </div>
        )}
        {entered && upcoming && (
          <section className="card">
            <h2>You are in</h2>
            <p>Your application was accepted. You will be reminded before each of your battles.</p>
          </section>
        )}
      </div>
      {organiser && upcoming && (
        <div className="card-grid">
          <ApplicationsCard tournamentId={t.id} open={upcoming} onDecided={refresh} />
          {upcoming && <InviteCard tournamentId={t.id} organizerId={t.organizerId} />}
        </div>
      )}
      {t.broadcast && t.status === 'running' && <OnAirCard tournament={t} name={people.name} />}
      <Progress tournament={t} name={people.name} onRefresh={refresh} refreshing={loaded.loading} />
    </main>
  );
}

function Progress({
  tournament: t,
  name,
  onRefresh,
  refreshing,
}: {
  tournament: Tournament;
  name: (userId: string) => string;
  onRefresh: () => void;
  refreshing: boolean;
}) {
  const started = t.rounds.length > 0;
  return (
    <>
      <section className="card" aria-labelledby="participants-title">
        <div className="section-header">
          <h2 id="participants-title">
            {started ? (t.format === 'single-elimination' ? 'Bracket' : 'Standings') : 'Participants'}
          </h2>
          <button type="button" className="secondary" disabled={refreshing} onClick={onRefresh}>
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
        {t.participants.length === 0 && <p className="muted">Nobody is in yet.</p>}
        {!started && t.participants.length > 0 && (
          <ul className="plain-list" aria-label="Participants">
            {t.participants.map((p) => (
              <li key={p.userId}>
                <PlayerLink userId={p.userId} name={name(p.userId)} />{' '}
                <span className="muted">with {describeBot(p.bot)}</span>
              </li>
            ))}
          </ul>
        )}
        {started && t.format === 'single-elimination' && (
          <>
            <Bracket entrants={t.participants.length} rounds={t.rounds} name={name} />
            {t.status === 'finished' && <Places tournament={t} name={name} />}
          </>
        )}
        {started && t.format !== 'single-elimination' && (
          <StandingsTable format={t.format} participants={t.participants} rounds={t.rounds} name={name} />
        )}
      </section>
      {started && (
        <section className="card" aria-labelledby="rounds-title">
          <h2 id="rounds-title">Rounds and battles</h2>
          <RoundList rounds={t.rounds} name={name} />
        </section>
      )}
    </>
  );
}

/** A broadcast tournament's battles on now (watch live) and next. */
function OnAirCard({ tournament: t, name }: { tournament: Tournament; name: (userId: string) => string }) {
  const { now, next } = onAir(t.rounds);
  const players = (m: (typeof now)[number]) => m.match.participants.map((p) => name(p.userId)).join(' vs ');
  return (
    <section className="card on-air" aria-labelledby="on-air-title">
      <h2 id="on-air-title">On now</h2>
      {now.length === 0 ? (
        <p className="muted">No battle is on right now.</p>
      ) : (
        <ul className="battle-list" aria-label="On now">
          {now.map((m) => (
            <li key={m.match.battleId ?? `${m.round}`} className="round-battle">
              <span className="battle-seats">{players(m)}</span>
              <span className="battle-meta">
                <span className="muted">round {m.round}</span>
                {m.match.battleId && <Link to={`/battles/${m.match.battleId}`}>Watch live</Link>}
              </span>
            </li>
          ))}
        </ul>
      )}
      {next.length > 0 && (
        <>
          <h3>Next</h3>
          <ul className="battle-list" aria-label="Next">
            {next.map((m, k) => (
              <li key={m.match.battleId ?? `${m.round}-${k}`} className="round-battle">
                <span className="battle-seats">{players(m)}</span>
                <span className="battle-meta muted">round {m.round}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Places({ tournament: t, name }: { tournament: Tournament; name: (userId: string) => string }) {
  const placed = t.participants
    .filter((p) => p.place !== null)
    .sort((a, b) => (a.place ?? 0) - (b.place ?? 0));
  return (
    <table className="data-table places" aria-label="Final places">
      <thead>
        <tr>
          <th>Place</th>
          <th>Player</th>
          <th className="number">Rating points</th>
        </tr>
      </thead>
      <tbody>
        {placed.map((p) => (
          <tr key={p.userId}>
            <td>{ordinal(p.place ?? 0)}</td>
            <td>
              <PlayerLink userId={p.userId} name={name(p.userId)} />
            </td>
            <td className="number">{p.points ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CancelButton({ tournament, onCancelled }: { tournament: Tournament; onCancelled: () => void }) {
  const cancel = useAction(async () => {
    const reason = window.prompt('Cancel this tournament? The players are told the reason you give here.');
    if (reason === null) return;
    await competition.tournaments.cancel(tournament.id, reason.trim() || undefined);
    onCancelled();
  });
  return (
    <>
      {cancel.error && <Alert>{cancel.error.message}</Alert>}
      <p>
        <button
          type="button"
          className="link-button danger-link"
          disabled={cancel.pending}
          onClick={() => void cancel.run()}
        >
          Cancel the tournament…
        </button>
      </p>
    </>
  );
}
