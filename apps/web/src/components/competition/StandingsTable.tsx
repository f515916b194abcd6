import type { TournamentParticipant, TournamentRound } from '../../api/competition-types';
import { computeStandings, formatPoints } from '../../competition/standings';
import { PlayerLink } from './PlayerLink';
import { formatScore } from '../../format/score';

/** Round robin and Swiss: the table by match points and tie-breaks (final places once finished). */
export function StandingsTable({
  format,
  participants,
  rounds,
  name,
}: {
  format: string;
  participants: readonly TournamentParticipant[];
  rounds: readonly TournamentRound[];
  name: (userId: string) => string;
}) {
  const rows = computeStandings(format, participants, rounds);
  const swiss = format === 'swiss';
  const showRatingPoints = rows.some((r) => r.ratingPoints !== null);
  return (
    <table className="data-table" aria-label="Standings">
      <thead>
        <tr>
          <th className="number">#</th>
          <th>Player</th>
          <th className="number">Played</th>
          <th className="number">W</th>
          <th className="number">D</th>
          <th className="number">L</th>
          <th className="number">Points</th>
          {swiss && <th className="number">Buchholz</th>}
          <th className="number">Score</th>
          {showRatingPoints && <th className="number">Rating points</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.userId}>
            <td className="number">{row.rank}</td>
            <td>
              <PlayerLink userId={row.userId} name={name(row.userId)} />
              {row.byes > 0 && (
                <span className="muted">
                  {' '}
                  · {row.byes} bye{row.byes > 1 ? 's' : ''}
                </span>
              )}
            </td>
            <td className="number">{row.played}</td>
            <td className="number">{row.wins}</td>
            <td className="number">{row.draws}</td>
            <td className="number">{row.losses}</td>
            <td className="number">
              <strong>{formatPoints(row.points)}</strong>
            </td>
            {swiss && <td className="number">{formatPoints(row.buchholz)}</td>}
            <td className="number">{formatScore(row.score)}</td>
            {showRatingPoints && <td className="number">{row.ratingPoints ?? '—'}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
