import { TournamentList } from '../components/competition/TournamentList';
import { usePeople } from '../components/competition/use-people';
import { PlayerLink } from '../components/competition/PlayerLink';
import { Alert } from '../components/Alert';
import { TanksNav } from '../components/tanks/TanksNav';
import { useLoad } from '../components/use-load';
import { describeSchedule, formatName } from '../competition/schedule';
import { Link } from '../router/router';
import { competition } from '../services';

/** A regular series: its schedule, its rating and its editions. */
export function SeriesPage({ seriesId }: { seriesId: string }) {
  const series = useLoad(() => competition.series.get(seriesId), seriesId);
  const s = series.data;
  const people = usePeople(s ? [s.organizerId] : []);
  return (
    <main className="page">
      <TanksNav />
      <p className="breadcrumb">
        <Link to="/tournaments">Tournaments</Link> /
      </p>
      {series.error && <Alert>{series.error}</Alert>}
      {!s && !series.error && <p className="muted">Loading…</p>}
      {s && (
        <>
          <h1>{s.title}</h1>
          <section className="card">
            {s.description && <p className="tournament-description">{s.description}</p>}
            <dl className="facts">
              <dt>Schedule</dt>
              <dd>{describeSchedule(s.schedule)}</dd>
              <dt>Organiser</dt>
              <dd>
                <PlayerLink userId={s.organizerId} name={people.name(s.organizerId)} />
              </dd>
              <dt>Format</dt>
              <dd>
                {formatName(s.format)}, up to {s.capacity} players
              </dd>
              <dt>Series rating</dt>
              <dd>{Math.round(s.rating)}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="editions-title">
            <h2 id="editions-title">Editions</h2>
            {s.editions.length === 0 ? (
              <p className="muted">The first edition appears shortly.</p>
            ) : (
              <TournamentList items={s.editions} label="Editions" />
            )}
          </section>
        </>
      )}
    </main>
  );
}
