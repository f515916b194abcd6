import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { ChallengeForm } from '../components/competition/ChallengeForm';
import { RatingChart } from '../components/competition/RatingChart';
import { TanksNav } from '../components/tanks/TanksNav';
import { useLoad } from '../components/use-load';
import { Link } from '../router/router';
import { competition } from '../services';

/** A player's public profile: rating now and over time, and a challenge form. */
export function UserPage({ user, userId }: { user: User; userId: string }) {
  const person = useLoad(() => competition.users.get(userId), userId);
  const rating = useLoad(() => competition.ratings.of(userId), userId);
  const p = person.data;
  const r = rating.data;
  const me = userId === user.id;
  const name = p ? p.displayName || p.login : 'Player';
  return (
    <main className="page">
      <TanksNav />
      <p className="breadcrumb">
        <Link to="/leaderboard">Leaderboard</Link> /
      </p>
      {person.error && <Alert>{person.error}</Alert>}
      <div className="section-header">
        <h1>
          {name}
          {p && <span className="muted heading-aside"> @{p.login}</span>}
        </h1>
        {me && <span className="status status-accepted">you</span>}
      </div>
      <div className="card-grid">
        <section className="card" aria-labelledby="rating-title">
          <h2 id="rating-title">Rating</h2>
          {rating.error && <Alert>{rating.error}</Alert>}
          {!r && !rating.error && <p className="muted">Loading…</p>}
          {r && (
            <div className="rating-figures">
              <div>
                <p className="stat-value">{Math.round(r.conservative)}</p>
                <p className="muted">skill</p>
              </div>
              <div>
                <p className="stat-value">{r.points}</p>
                <p className="muted">rating points</p>
              </div>
              <div>
                <p className="stat-value">{r.battles}</p>
                <p className="muted">ranked battles</p>
              </div>
            </div>
          )}
          {r && (
            <p className="muted small">
              Glicko-2 rating {Math.round(r.rating)} ± {Math.round(r.rd)}, volatility{' '}
              {r.volatility.toFixed(3)}.
            </p>
          )}
        </section>
        {!me && p && <ChallengeForm me={user.id} opponentId={userId} opponentName={name} />}
      </div>
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">Skill over time</h2>
        {r && r.history.length === 0 && (
          <p className="muted">No ranked battle yet: the chart starts with the first one.</p>
        )}
        {r && r.history.length > 0 && <RatingChart history={r.history} />}
      </section>
    </main>
  );
}
