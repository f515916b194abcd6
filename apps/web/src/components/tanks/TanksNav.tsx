import { Link } from '../../router/router';

/** The Tanks section's own tabs, under the top bar's "Tanks". */
export function TanksNav() {
  return (
    <nav className="sub-nav" aria-label="Tanks">
      <Link to="/tanks">Overview</Link>
      <Link to="/bots">My bots</Link>
      <Link to="/practice">Practice</Link>
      <Link to="/play">Play</Link>
      <Link to="/challenges">Challenges</Link>
      <Link to="/tournaments">Tournaments</Link>
      <Link to="/leaderboard">Leaderboard</Link>
    </nav>
  );
}
