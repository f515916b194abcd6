import { navigate } from '../../router/router';
import { api } from '../../services';
import { Alert } from '../Alert';
import { useAction } from '../use-action';

/** One click from a bot to a battle: a practice duel of this version against tracker, then its page. */
export function PracticeNowButton({ botVersionId }: { botVersionId: string }) {
  const start = useAction(async () => {
    const battle = await api.battles.create({ participants: [{ botVersionId }, { builtin: 'tracker' }] });
    navigate(`/battles/${battle.id}`);
  });
  return (
    <>
      {start.error && <Alert>{start.error.message}</Alert>}
      <button type="button" className="primary" disabled={start.pending} onClick={() => void start.run()}>
        {start.pending ? 'Starting…' : 'Play a practice battle against tracker'}
      </button>
    </>
  );
}
