import { Link } from '../../router/router';

/** A player's name linking to their profile with rating. */
export function PlayerLink({ userId, name }: { userId: string; name: string }) {
  return (
    <Link to={`/users/${userId}`} className="player-link">
      {name}
    </Link>
  );
}
