import { lazy, Suspense } from 'react';
import { Link } from '../router/router';

// The engine is big: the visitor's page draws first, the battle follows.
const DemoBattle = lazy(() => import('../components/tanks/DemoBattle'));

/** What a signed-out visitor sees first: what Garrison is, a battle playing, and the way in. */
export function LandingPage() {
  return (
    <main className="page wide landing">
      <section className="landing-hero" aria-labelledby="landing-title">
        <div className="landing-pitch">
          <h1 id="landing-title">Program a tank. Watch it fight.</h1>
          <p className="landing-lead">
            Garrison is a game for programmers: write a tank bot in JavaScript or TypeScript, try it against
            reference bots, then take on other players in challenges, rooms, ranked matches and tournaments.
          </p>
          <ul className="landing-points">
            <li>Start from a working template and change it in the browser.</li>
            <li>Every battle is replayed in your browser: pause, slow down, seek.</li>
            <li>Drive a tank yourself with the keyboard, or play from your own machine with the Agent.</li>
            <li>Teams can also hand out tasks and follow what they earn on the task exchange.</li>
          </ul>
          <p className="landing-actions">
            <Link to="/register" className="button primary">
              Create a free account
            </Link>
            <Link to="/login" className="button secondary">
              Log in
            </Link>
          </p>
        </div>
        <div className="landing-battle" aria-label="A battle of two reference bots, playing">
          <Suspense fallback={<p className="muted">Loading a battle…</p>}>
            <DemoBattle />
          </Suspense>
        </div>
      </section>
    </main>
  );
}
