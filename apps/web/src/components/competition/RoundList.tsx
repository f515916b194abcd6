import type { TournamentRound } from '../../api/competition-types';
import { seatResults } from '../../competition/duel-result';
import { Link } from '../../router/router';

/** Every round's battles: who met whom, how it ended, and the replay link. */
export function RoundList({
  rounds,
  name,
}: {
  rounds: readonly TournamentRound[];
  name: (userId: string) => string;
}) {
  return (
    <div className="round-list">
      {rounds.map((round) => (
        <section key={round.number} aria-label={`Round ${round.number}`}>
          <h3>Round {round.number}</h3>
          <ul className="battle-list">
            {round.battles.map((match, k) => {
              const results = seatResults(match);
              return (
                <li key={match.battleId ?? k} className="round-battle">
                  <span className="battle-seats">
                    {match.participants.map((seat, i) => (
                      <span
                        key={seat.userId}
                        className={
                          results[i] === 'win' ? 'winner' : results[i] === 'loss' ? 'loser' : undefined
                        }
                      >
                        {i > 0 && <span className="muted"> vs </span>}
                        {name(seat.userId)}
                        {seat.forfeited && <span className="muted"> (forfeit)</span>}
                      </span>
                    ))}
                  </span>
                  <span className="battle-meta">
                    {results.some((r) => r === 'draw') && <span className="muted">draw</span>}
                    <span className={`status status-${match.status}`}>{match.status}</span>
                    {match.battleId ? (
                      <Link to={`/battles/${match.battleId}`}>
                        {match.status === 'finished' ? 'Replay' : 'Watch'}
                      </Link>
                    ) : (
                      <span className="muted">not scheduled yet</span>
                    )}
                  </span>
                </li>
              );
            })}
            {round.byes.map((userId) => (
              <li key={`bye-${userId}`} className="round-battle">
                <span className="battle-seats">{name(userId)}</span>
                <span className="battle-meta muted">bye</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
