import { useState } from 'react';
import { countOf } from '../../competition/schedule';
import type { Challenge } from '../../api/competition-types';
import { choiceFromValue, describeBot } from '../../competition/bot-choice';
import { timeAgo } from '../../format/time';
import { Link } from '../../router/router';
import { competition } from '../../services';
import { Alert } from '../Alert';
import { useAction } from '../use-action';
import { BotPicker, defaultBotValue } from './BotPicker';
import { PlayerLink } from './PlayerLink';
import type { BotOption } from './use-my-bots';
import { rulesNote } from '../tanks/RulesVersionField';

/** One challenge, from my side: the other player, the rules, and accept/decline when it is for me. */
export function ChallengeCard({
  challenge: c,
  me,
  name,
  bots,
  onChanged,
}: {
  challenge: Challenge;
  me: string;
  name: (userId: string) => string;
  bots: readonly BotOption[];
  onChanged: (next: Challenge) => void;
}) {
  const received = c.opponentId === me;
  const other = received ? c.challengerId : c.opponentId;
  const [choice, setChoice] = useState<string | null>(null);
  const value = choice ?? defaultBotValue(bots, c.ranked);
  const accept = useAction(async () => {
    const bot = choiceFromValue(value);
    if (!bot) throw new Error('Pick a bot first.');
    onChanged(await competition.challenges.accept(c.id, bot));
  });
  const decline = useAction(async () => onChanged(await competition.challenges.decline(c.id)));
  const error = accept.error ?? decline.error;
  const answerable = received && c.status === 'pending';
  return (
    <li className="challenge-row" aria-label={`Challenge ${received ? 'from' : 'to'} ${name(other)}`}>
      <div className="application-main">
        <p>
          {received ? 'From ' : 'To '}
          <PlayerLink userId={other} name={name(other)} />{' '}
          <span className="muted">
            · {c.ranked ? 'ranked' : 'friendly'} {c.rules.mode === 'duel' ? 'duel' : 'free-for-all'} of{' '}
            {countOf(c.rules.rounds, 'round')}
            {rulesNote(c.rules.version)} · their bot:{' '}
            {describeBot(received ? c.challengerBot : (c.opponentBot ?? { local: true }))}
          </span>
        </p>
        <p className="muted small">
          sent <time dateTime={c.createdAt}>{timeAgo(c.createdAt)}</time>
          {c.status === 'pending' && <> · expires {new Date(c.expiresAt).toLocaleString()}</>}
        </p>
        {error && <Alert>{error.message}</Alert>}
        {answerable && (
          <div className="inline-form">
            <BotPicker
              ranked={c.ranked}
              id={`accept-bot-${c.id}`}
              label="Accept with"
              options={bots}
              value={value}
              onChange={setChoice}
            />
          </div>
        )}
      </div>
      <div className="application-side">
        <span className={`status status-${c.status}`}>{c.status}</span>
        {c.battleId && <Link to={`/battles/${c.battleId}`}>Battle</Link>}
        {answerable && (
          <>
            <button
              type="button"
              className="primary small"
              disabled={accept.pending}
              onClick={() => void accept.run()}
            >
              {accept.pending ? 'Accepting…' : 'Accept'}
            </button>
            <button
              type="button"
              className="secondary small"
              disabled={decline.pending}
              onClick={() => void decline.run()}
            >
              Decline
            </button>
          </>
        )}
      </div>
    </li>
  );
}
