import type { TournamentRound } from '../../api/competition-types';
import { layoutBracket, type BracketSlot } from '../../competition/bracket';
import { seatResults } from '../../competition/duel-result';
import { Link } from '../../router/router';
import { formatScore } from '../../format/score';

/** The knockout tree: one column per round, each match with its players and who went through. */
export function Bracket({
  entrants,
  rounds,
  name,
}: {
  entrants: number;
  rounds: readonly TournamentRound[];
  name: (userId: string) => string;
}) {
  const columns = layoutBracket(entrants, rounds);
  return (
    <div className="bracket" role="list" aria-label="Bracket">
      {columns.map((column) => (
        <section key={column.number} className="bracket-column" role="listitem" aria-label={column.title}>
          <h3>{column.title}</h3>
          <div className="bracket-slots">
            {column.slots.map((slot, i) => (
              <Slot key={i} slot={slot} name={name} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

function Slot({ slot, name }: { slot: BracketSlot; name: (userId: string) => string }) {
  if (slot.kind === 'to-come')
    return (
      <div className="bracket-match to-come">
        <span className="bracket-seat muted">to be decided</span>
        <span className="bracket-seat muted">to be decided</span>
      </div>
    );
  if (slot.kind === 'bye')
    return (
      <div className="bracket-match">
        <span className="bracket-seat winner">{name(slot.userId)}</span>
        <span className="bracket-seat muted">bye</span>
      </div>
    );
  const { match } = slot;
  const results = seatResults(match);
  const body = match.participants.map((seat, i) => (
    <span
      key={seat.userId}
      className={`bracket-seat ${results[i] === 'win' ? 'winner' : ''} ${results[i] === 'loss' ? 'loser' : ''}`}
    >
      <span>{name(seat.userId)}</span>
      <span className="bracket-score">
        {seat.forfeited ? 'forfeit' : seat.score == null ? '' : formatScore(seat.score)}
      </span>
    </span>
  ));
  return match.battleId ? (
    <Link to={`/battles/${match.battleId}`} className={`bracket-match status-border-${match.status}`}>
      {body}
    </Link>
  ) : (
    <div className={`bracket-match status-border-${match.status}`}>{body}</div>
  );
}
