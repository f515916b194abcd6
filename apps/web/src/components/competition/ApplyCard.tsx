import { useState, type FormEvent } from 'react';
import type { Application } from '../../api/competition-types';
import { Alert } from '../Alert';
import { useAction } from '../use-action';
import { choiceFromValue } from '../../competition/bot-choice';
import { competition } from '../../services';
import { BotPicker, defaultBotValue } from './BotPicker';
import { useMyBots } from './use-my-bots';

const STATUS_TEXT: Record<Application['status'], string> = {
  pending: 'Your application is waiting for the organiser. You will be notified of the decision.',
  accepted: 'You are in. See you at the start!',
  rejected: 'Your application was rejected.',
  waitlisted: 'The tournament is full: you are on the waitlist and move up when a place frees.',
};

/** A player applies with one of their bot versions or their local Agent. */
export function ApplyCard({
  tournamentId,
  userId,
  onApplied,
}: {
  tournamentId: string;
  userId: string;
  onApplied: () => void;
}) {
  const bots = useMyBots(userId);
  const [choice, setChoice] = useState<string | null>(null);
  const value = choice ?? defaultBotValue(bots.options, true);
  const [application, setApplication] = useState<Application | null>(null);
  const apply = useAction(async () => {
    const bot = choiceFromValue(value);
    if (!bot) throw new Error('Pick a bot first.');
    setApplication(await competition.tournaments.apply(tournamentId, bot));
    onApplied();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void apply.run();
  };
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="apply-title">
      <h2 id="apply-title">Apply</h2>
      {apply.error && <Alert>{apply.error.message}</Alert>}
      {bots.error && <Alert>Your bots could not be loaded: {bots.error}</Alert>}
      {application ? (
        <Alert kind={application.status === 'rejected' ? 'error' : 'success'}>
          {STATUS_TEXT[application.status]}
        </Alert>
      ) : (
        <>
          <BotPicker
            ranked
            id="apply-bot"
            label="Play with"
            options={bots.options}
            value={value}
            loading={bots.loading}
            onChange={setChoice}
          />
          <button type="submit" className="primary" disabled={apply.pending}>
            {apply.pending ? 'Applying…' : 'Apply'}
          </button>
        </>
      )}
    </form>
  );
}
