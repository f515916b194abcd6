import type { BattleResults } from '@garrison/game';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Battle } from '../../api/tanks-types';
import { client } from '../../services';
import { interpolate, liveEffects, type DrawFrame, type TimedEffect } from '../../tanks/frame';
import { LiveBuffer } from '../../tanks/live-buffer';
import { isOver, parseLiveMessage } from '../../tanks/live-message';
import { liveUrl } from '../../tanks/live-url';
import { ArenaCanvas, type Scene } from './ArenaCanvas';
import { KeyboardDriver } from './KeyboardDriver';
import { Scoreboard } from './Scoreboard';
import { TankHud } from './TankHud';

type Status = 'connecting' | 'live' | 'offline' | 'ended';
const UI_EVERY_MS = 100;
const RECONNECT_MS = 1500;

/**
 * A scheduled or running battle as it happens, one frame per tick over WebSocket, interpolated to 60 fps.
 * Every status change is passed to `onBattle`; when the battle is over `onEnded` is called — at once when
 * there is nothing live to show (a hosted battle played headless), or from the final scoreboard's button.
 * A dropped socket asks the page to look again (`onCheck`) before it reconnects, so a battle that ended
 * meanwhile is never waited for.
 */
export function LiveViewer({
  battleId,
  names,
  self = null,
  onBattle,
  onEnded,
  onCheck,
}: {
  battleId: string;
  names: readonly string[];
  self?: number | null;
  onBattle: (battle: Battle) => void;
  onEnded: () => void;
  onCheck: () => void;
}) {
  const buffer = useRef(new LiveBuffer());
  const effects = useRef<TimedEffect[]>([]);
  const lastUiAt = useRef(0);
  const [hud, setHud] = useState<DrawFrame | null>(null);
  const [status, setStatus] = useState<Status>('connecting');
  const [results, setResults] = useState<BattleResults | null>(null);

  const callbacks = useRef({ onBattle, onEnded, onCheck });
  callbacks.current = { onBattle, onEnded, onCheck };

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    let sawResults = false;
    const finish = (battle: Battle) => {
      stopped = true;
      setStatus('ended');
      callbacks.current.onBattle(battle);
      // A live battle leaves its scoreboard up until the player asks for the replay.
      if (!sawResults) callbacks.current.onEnded();
    };
    const connect = async () => {
      setStatus('connecting');
      const token = await client.currentAccessToken().catch(() => null);
      if (stopped) return;
      if (token === null) {
        timer = setTimeout(() => void connect(), RECONNECT_MS);
        return;
      }
      const ws = new WebSocket(liveUrl(window.location, battleId, token));
      socket = ws;
      ws.onopen = () => setStatus('live');
      ws.onmessage = (event: MessageEvent) => {
        const message = parseLiveMessage(event.data);
        if (!message || stopped) return;
        if (message.kind !== 'frame') {
          if (message.kind === 'result' || isOver(message.battle.status)) finish(message.battle);
          else callbacks.current.onBattle(message.battle);
          return;
        }
        const frame = message.frame;
        if (frame.state) {
          const now = performance.now();
          const born = buffer.current.push(frame.state, now).map((e) => ({ ...e, bornAt: now }));
          effects.current = effects.current.concat(born);
        }
        if (frame.type === 'battle-end') {
          sawResults = true;
          setStatus('ended');
          if (frame.results) setResults(frame.results);
        }
      };
      ws.onclose = () => {
        if (socket !== ws || stopped || sawResults) return; // after the scoreboard nothing is awaited
        setStatus('offline');
        callbacks.current.onCheck();
        timer = setTimeout(() => void connect(), RECONNECT_MS);
      };
    };
    void connect();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      socket?.close(1000, 'page closed');
    };
  }, [battleId]);

  const scene = useCallback((now: number): Scene | null => {
    const sample = buffer.current.sample(now);
    if (!sample) return null;
    const frame = interpolate(sample.before, sample.after, sample.alpha);
    effects.current = liveEffects(effects.current, now);
    if (now - lastUiAt.current >= UI_EVERY_MS) {
      lastUiAt.current = now;
      setHud(frame);
    }
    return { frame, effects: effects.current };
  }, []);

  return (
    <div className="battle-player">
      <div className="battle-main">
        <div className="battle-stage">
          <ArenaCanvas scene={scene} options={{ names, self }} label="Battle arena, live" />
          <div className={`stage-badge live-badge live-${status}`} role="status">
            {status === 'live'
              ? hud
                ? `Live · round ${hud.round} / ${hud.rounds}`
                : 'Live · waiting for the first tick'
              : status === 'ended'
                ? 'Battle over'
                : status === 'offline'
                  ? 'Reconnecting…'
                  : 'Connecting…'}
          </div>
          {results && (
            <div className="stage-overlay">
              <div className="stage-card">
                <Scoreboard results={results} names={names} />
                <button type="button" className="primary" onClick={onEnded}>
                  Watch the replay
                </button>
              </div>
            </div>
          )}
        </div>
        {self !== null && status !== 'ended' && <KeyboardDriver battleId={battleId} />}
      </div>
      <aside className="battle-side">
        <TankHud frame={hud} names={names} self={self} />
      </aside>
    </div>
  );
}
