// The entry of the self-contained replay page the Agent writes (`garrison-agent replay --html`):
// the web app's own ReplayPlayer and styles, bundled into one HTML file with the replay inside.
import { parseReplay } from '@garrison/game';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReplayPlayer } from './components/tanks/ReplayPlayer';
import './styles.css';
import './styles-onboarding-and-phones.css';

const text = document.getElementById('garrison-replay')?.textContent ?? '';
const replay = parseReplay(text);
const names = replay.header.participants.map((participant) => participant.name);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <main className="page">
        <h1>{names.join(' vs ')}</h1>
        <ReplayPlayer replay={replay} names={names} />
      </main>
    </StrictMode>,
  );
}
