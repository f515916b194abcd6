import { parseReplay, type Replay } from '@garrison/game';
import { useState } from 'react';
import type { Battle } from '../api/tanks-types';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { LiveViewer } from '../components/tanks/LiveViewer';
import { ReplayPlayer } from '../components/tanks/ReplayPlayer';
import { TanksNav } from '../components/tanks/TanksNav';
import { useLoad } from '../components/use-load';
import { api } from '../services';
import { seatLabels } from '../tanks/names';
import { replayText } from '../tanks/replay-bytes';

/** One battle: the replay player once it is finished, the live view while it runs. */
export function BattlePage({ user, battleId }: { user: User; battleId: string }) {
  const [generation, setGeneration] = useState(0);
  const battle = useLoad(() => api.battles.get(battleId), `${battleId}:${generation}`);
  const data = battle.data;

  return (
    <main className="page wide battle-page">
      <TanksNav />
      <div className="section-header">
        <h1>{data ? battleTitle(data) : 'Battle'}</h1>
        {data && <span className={`status status-${data.status}`}>{data.status}</span>}
      </div>
      {battle.error && <Alert>{battle.error}</Alert>}
      {!data && !battle.error && <p className="muted">Loading…</p>}
      {data && data.status === 'finished' && <FinishedBattle battle={data} />}
      {data && (data.status === 'running' || data.status === 'scheduled') && (
        <LiveViewer
          battleId={data.id}
          names={seatLabels(data.participants)}
          self={keyboardSeat(data, user.id)}
          onEnded={() => setGeneration((g) => g + 1)}
        />
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

function FinishedBattle({ battle }: { battle: Battle }) {
  const replay = useLoad<Replay>(
    async () => parseReplay(await replayText(await api.battles.replay(battle.id))),
    battle.id,
  );
  if (replay.error) return <Alert>The replay could not be loaded: {replay.error}</Alert>;
  if (!replay.data) return <p className="muted">Loading the replay…</p>;
  const names = seatLabels(
    battle.participants,
    replay.data.header.participants.map((p) => p.name),
  );
  return <ReplayPlayer replay={replay.data} names={names} />;
}

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
