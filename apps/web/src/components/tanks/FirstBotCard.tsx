import type { Battle, Bot, BotVersion } from '../../api/tanks-types';
import type { User } from '../../api/types';
import { Link } from '../../router/router';
import { api } from '../../services';
import { useLoad } from '../use-load';
import { NewBotForm } from './NewBotForm';
import { PracticeNowButton } from './PracticeNowButton';

interface Progress {
  bot: Bot | null;
  active: BotVersion | null;
  lastBattle: Battle | null;
}

/**
 * Tanks on the home page: the first-bot path (a bot from a template → upload, the first valid version
 * is active → a practice battle against tracker → watch it) and, once walked, where to go next.
 */
export function FirstBotCard({ user }: { user: User }) {
  const progress = useLoad<Progress>(async () => {
    const [bots, battles] = await Promise.all([api.bots.mine(user.id), api.battles.ofUser(user.id)]);
    const lists = await Promise.all(bots.items.map((b) => api.bots.versions(b.id)));
    const withActive = bots.items.findIndex((_, i) => lists[i]?.items.some((v) => v.active));
    const bot = bots.items[withActive >= 0 ? withActive : 0] ?? null;
    const active = withActive >= 0 ? (lists[withActive]?.items.find((v) => v.active) ?? null) : null;
    return { bot, active, lastBattle: battles.items[0] ?? null };
  }, user.id);
  const p = progress.data;
  const step = !p ? 0 : !p.bot ? 1 : !p.active ? 2 : !p.lastBattle ? 3 : 4;

  return (
    <section className="card next-step" aria-labelledby="home-tanks">
      <h2 id="home-tanks">Tanks</h2>
      <p>Program a tank in JavaScript or TypeScript and send it into battle.</p>
      {/* A deployment without the Tanks services (aTES only) says so quietly, without an error box. */}
      {progress.error && <p className="muted">Tanks cannot be reached right now.</p>}
      {!p && !progress.error && <p className="muted">Loading…</p>}
      {p && (
        <ol className="steps" aria-label="Your first bot">
          <li className={step > 1 ? 'done' : undefined}>Create a bot from a template</li>
          <li className={step > 2 ? 'done' : undefined}>
            Upload it — the first valid version becomes active
          </li>
          <li className={step > 3 ? 'done' : undefined}>Play a practice battle against tracker</li>
          <li>Watch it</li>
        </ol>
      )}
      {step === 1 && <NewBotForm initialName="My First Tank" submitLabel="Create my bot" />}
      {step === 2 && p?.bot && (
        <p>
          <Link to={`/bots/${p.bot.id}`} className="button primary">
            Open {p.bot.name} and upload it
          </Link>
        </p>
      )}
      {step === 3 && p?.active && <PracticeNowButton botVersionId={p.active.id} />}
      {step === 4 && p?.lastBattle && (
        <ul className="link-list">
          <li>
            <Link to={`/battles/${p.lastBattle.id}`}>Watch your latest battle</Link>
          </li>
          <li>
            <Link to="/practice">Practice</Link> · <Link to="/play">Play other people</Link> ·{' '}
            <Link to="/tournaments">Tournaments</Link>
          </li>
          <li>
            <Link to="/bots">My bots</Link> · <Link to="/leaderboard">Leaderboard</Link>
          </li>
        </ul>
      )}
    </section>
  );
}
