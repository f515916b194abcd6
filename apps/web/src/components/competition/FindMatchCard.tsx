import { useCallback, useEffect, useState } from 'react';
import type { QueueStatus } from '../../api/competition-types';
import { choiceFromValue } from '../../competition/bot-choice';
import { useNotifications } from '../../notifications/NotificationsProvider';
import { Link } from '../../router/router';
import { competition } from '../../services';
import { Alert } from '../Alert';
import { useAction } from '../use-action';
import { BotPicker, defaultBotValue } from './BotPicker';
import { PlayerLink } from './PlayerLink';
import { usePeople } from './use-people';
import { useMyBots } from './use-my-bots';

const POLL_MS = 2_000;

/** "Find a match": a ranked duel against someone of close rating, with the search's live status. */
export function FindMatchCard({ me }: { me: string }) {
  const bots = useMyBots(me);
  const [choice, setChoice] = useState<string | null>(null);
  const value = choice ?? defaultBotValue(bots.options, true);
  const [status, setStatus] = useState<QueueStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { items: notifications } = useNotifications();
  const people = usePeople(status?.status === 'matched' ? [status.opponentId] : []);

  const refresh = useCallback(async () => {
    try {
      setStatus(await competition.queue.status());
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  // While searching (or matched without a battle yet) the status is polled; a match.found
  // notification refreshes it at once.
  const waiting = status?.status === 'searching' || (status?.status === 'matched' && !status.battleId);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, refresh]);
  const matchNote = notifications.find((n) => n.type === 'match.found')?.id;
  useEffect(() => {
    if (matchNote) void refresh();
  }, [matchNote, refresh]);

  const join = useAction(async () => {
    const bot = choiceFromValue(value);
    if (!bot) throw new Error('Pick a bot first.');
    setStatus(await competition.queue.join(bot));
  });
  const leave = useAction(async () => setStatus(await competition.queue.leave()));
  const actionError = join.error ?? leave.error;

  return (
    <section className="card" aria-labelledby="find-title">
      <h2 id="find-title">Find a match</h2>
      <p className="muted">
        A ranked duel against a player of close rating; the range widens while you wait.
      </p>
      {error && <Alert>{error}</Alert>}
      {actionError && <Alert>{actionError.message}</Alert>}
      <div className="queue-status" role="status" aria-live="polite">
        {!status && <span className="muted">Checking…</span>}
        {status?.status === 'searching' && (
          <>
            <span className="pulse" aria-hidden="true" />
            <span>
              Searching… your skill {Math.round(status.rating)}, accepting ±{Math.round(status.window)}
            </span>
          </>
        )}
        {status?.status === 'matched' && (
          <span>
            Matched with <PlayerLink userId={status.opponentId} name={people.name(status.opponentId)} />.{' '}
            {status.battleId ? (
              <Link to={`/battles/${status.battleId}`}>Go to the battle</Link>
            ) : (
              'Creating the battle…'
            )}
          </span>
        )}
        {status?.status === 'refused' && <span>The match did not happen: {status.reason}</span>}
        {status?.status === 'idle' && <span className="muted">Not searching.</span>}
      </div>
      {status?.status === 'searching' ? (
        <button type="button" className="secondary" disabled={leave.pending} onClick={() => void leave.run()}>
          {leave.pending ? 'Stopping…' : 'Stop searching'}
        </button>
      ) : (
        <>
          <BotPicker
            ranked
            id="queue-bot"
            label="Play with"
            options={bots.options}
            value={value}
            loading={bots.loading}
            onChange={setChoice}
          />
          <button
            type="button"
            className="primary"
            disabled={join.pending || !status}
            onClick={() => void join.run()}
          >
            {join.pending ? 'Starting…' : 'Find a match'}
          </button>
        </>
      )}
    </section>
  );
}
