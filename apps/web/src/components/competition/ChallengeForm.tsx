import { useState, type FormEvent } from 'react';
import type { Challenge } from '../../api/competition-types';
import { choiceFromValue } from '../../competition/bot-choice';
import { Link } from '../../router/router';
import { competition } from '../../services';
import { Alert } from '../Alert';
import { useAction } from '../use-action';
import { BotPicker, defaultBotValue } from './BotPicker';
import { useMyBots } from './use-my-bots';
import { RulesVersionField, rulesVersionPart } from '../tanks/RulesVersionField';

/** Challenge a player to a duel: my bot, the number of game rounds, ranked or friendly. */
export function ChallengeForm({
  me,
  opponentId,
  opponentName,
}: {
  me: string;
  opponentId: string;
  opponentName: string;
}) {
  const bots = useMyBots(me);
  const [choice, setChoice] = useState<string | null>(null);
  const [ranked, setRanked] = useState(false);
  const value = choice ?? defaultBotValue(bots.options, ranked);
  const [rounds, setRounds] = useState('');
  const [rulesVersion, setRulesVersion] = useState(1);
  const [sent, setSent] = useState<Challenge | null>(null);
  const send = useAction(async () => {
    const bot = choiceFromValue(value);
    if (!bot) throw new Error('Pick a bot first.');
    setSent(
      await competition.challenges.send({
        opponentId,
        bot,
        ranked,
        rules: {
          mode: 'duel',
          ...(rounds ? { rounds: Number(rounds) } : {}),
          ...rulesVersionPart(rulesVersion),
        },
      }),
    );
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send.run();
  };
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="challenge-title">
      <h2 id="challenge-title">Challenge {opponentName}</h2>
      {send.error && <Alert>{send.error.message}</Alert>}
      {sent ? (
        <Alert kind="success">
          Challenge sent. {opponentName} has until {new Date(sent.expiresAt).toLocaleString()} to answer;
          follow it in <Link to="/challenges">Challenges</Link>.
        </Alert>
      ) : (
        <>
          <BotPicker
            ranked={ranked}
            id="challenge-bot"
            label="Your bot"
            options={bots.options}
            value={value}
            loading={bots.loading}
            onChange={setChoice}
          />
          <div className="field">
            <label htmlFor="challenge-rounds">Game rounds</label>
            <input
              id="challenge-rounds"
              type="number"
              min={1}
              max={15}
              placeholder="5"
              value={rounds}
              onChange={(e) => setRounds(e.target.value)}
            />
          </div>
          <RulesVersionField id="challenge-rules" value={rulesVersion} onChange={setRulesVersion} />
          <label className="check block">
            <input type="checkbox" checked={ranked} onChange={(e) => setRanked(e.target.checked)} /> Ranked
            (moves both ratings)
          </label>
          <button type="submit" className="primary" disabled={send.pending}>
            {send.pending ? 'Sending…' : 'Send challenge'}
          </button>
        </>
      )}
    </form>
  );
}
