import { parseReplay } from '@garrison/game';
import { useMemo } from 'react';
import recorded from './landing-replay.json';
import { ReplayPlayer } from './ReplayPlayer';

const SEATS = ['tracker', 'sniper'] as const;

/**
 * A real battle of two reference bots (seed 2026, two rounds), recorded once by the shared engine and
 * shipped with the app: the page only re-simulates its intents, so it needs no request to the server
 * and no code evaluated at run time (the Content-Security-Policy allows neither eval nor new Function).
 */
export default function DemoBattle() {
  const replay = useMemo(() => parseReplay(recorded.text), []);
  return <ReplayPlayer replay={replay} names={SEATS} autoplay />;
}
