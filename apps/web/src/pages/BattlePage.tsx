import { parseReplay, type Replay } from '@garrison/game';
import { useState } from 'react';
import type { Battle } from '../api/tanks-types';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { LiveViewer } from '../components/tanks/LiveViewer';
import { ReplayPlayer } from '../components/tanks/ReplayPlayer';
import { TanksNav } from '../components/tanks/TanksNav';
import { usePeople } from '../components/competition/use-people';
import { useLoad } from '../components/use-load';
import { api } from '../services';
import { seatLabels, type PersonName } from '../tanks/names';
import { replayText } from '../tanks/replay-bytes';

/** One battle: the replay player once it is finished, the live view while it runs. */
export function BattlePage({ user, battleId }: { user: User; battleId: string }) {
  const battle = useLoad(() => api.battles.get(battleId), battleId);
  // The live socket reports status changes before the page asks again: the newer of the two is shown.
  const [pushed, setPushed] = useState<Battle | null>(null);
  const data = battle.data;
  const shown = data && pushed && STAGE[pushed.status] > STAGE[data.status] ? pushed : data;
  const person = usePerson(user, data);

  return (
    <main className="page wide battle-page">
      <TanksNav />
      <div className="section-header">
        <h1>{data ? battleTitle(data) : 'Battle'}</h1>
        {shown && <span className={`status status-${shown.status}`}>{shown.status}</span>}
      </div>
      {battle.error && <Alert>{battle.error}</Alert>}
      {!data && !battle.error && <p className="muted">Loading…</p>}
      {data && data.status === 'finished' && <FinishedBattle battle={data} person={person} />}
      {data && (data.status === 'running' || data.status === 'scheduled') && (
        <LiveViewer
          battleId={data.id}
          names={seatLabels(data.participants, [], person)}
          self={keyboardSeat(data, user.id)}
          onBattle={setPushed}
          onEnded={battle.reload}
          onCheck={battle.reload}
        />
      )}
      {data && data.broadcast && (data.status === 'running' || data.status === 'scheduled') && (
        <p className="muted broadcast-note">
          Broadcast: the battle is shown as it happens, 5 s behind; its result is revealed when it ends.
        </p>
      )}
      {data && data.status === 'cancelled' && <Alert kind="info">This battle was cancelled.</Alert>}
      {data && (
        <p className="muted battle-facts">
          Seed {data.seed} · rules v{data.rulesVersion}
          {data.finishedAt && <> · finished {new Date(data.finishedAt).toLocaleString()}</>}
        </p>
      )}
    </main>
  );
}

function FinishedBattle({ battle, person }: { battle: Battle; person: PersonName }) {
  const replay = useLoad<Replay>(
    async () => parseReplay(await replayText(await api.battles.replay(battle.id))),
    battle.id,
  );
  if (replay.error) return <Alert>The replay could not be loaded: {replay.error}</Alert>;
  if (!replay.data) return <p className="muted">Loading the replay…</p>;
  const names = seatLabels(
    battle.participants,
    replay.data.header.participants.map((p) => p.name),
    person,
  );
  return <ReplayPlayer replay={replay.data} names={names} />;
}

const STAGE: Record<Battle['status'], number> = { scheduled: 0, running: 1, finished: 2, cancelled: 2 };

function battleTitle(battle: Battle): string {
  const kind = battle.kind.charAt(0).toUpperCase() + battle.kind.slice(1);
  const mode =
    (battle.mode ?? (battle.participants.length === 2 ? 'duel' : 'ffa')) === 'duel' ? 'duel' : 'free-for-all';
  return `${kind} ${mode}`;
}

/** The seat the signed-in player drives with the keyboard, if any. */
function keyboardSeat(battle: Battle, userId: string): number | null {
  const index = battle.participants.findIndex((p) => p.local && p.userId === userId);
  return index >= 0 ? index : null;
}

/** Display names of the people driving seats by keyboard (the signed-in player's own at once). */
function usePerson(user: User, battle: Battle | null): PersonName {
  const drivers = (battle?.participants ?? []).flatMap((p) =>
    p.local && p.userId && p.userId !== user.id ? [p.userId] : [],
  );
  const people = usePeople(drivers);
  return (userId) => (userId === user.id ? user.displayName || user.login : people.name(userId));
}
