import type { User } from '../api/types';
import { FindMatchCard } from '../components/competition/FindMatchCard';
import { RoomsCard } from '../components/competition/RoomsCard';
import { TanksNav } from '../components/tanks/TanksNav';

/** Play against people: auto-search for a ranked opponent, or rooms. */
export function PlayPage({ user }: { user: User }) {
  return (
    <main className="page">
      <TanksNav />
      <h1>Play</h1>
      <FindMatchCard me={user.id} />
      <RoomsCard me={user.id} />
    </main>
  );
}
