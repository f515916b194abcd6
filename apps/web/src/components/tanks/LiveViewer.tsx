import type { BattleResults } from '@garrison/game';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveFrame } from '../../api/tanks-types';
import { client } from '../../services';
import { interpolate, liveEffects, type DrawFrame, type TimedEffect } from '../../tanks/frame';
import { LiveBuffer } from '../../tanks/live-buffer';
import { liveUrl } from '../../tanks/live-url';
import { ArenaCanvas, type Scene } from './ArenaCanvas';
import { KeyboardDriver } from './KeyboardDriver';
import { Scoreboard } from './Scoreboard';
import { TankHud } from './TankHud';

type Status = 'connecting' | 'live' | 'offline' | 'ended';
const UI_EVERY_MS = 100;
const RECONNECT_MS = 1500;

/** A running battle as it happens, one frame per tick over WebSocket, interpolated to 60 fps. */
export function LiveViewer({
  battleId,
  names,
  self = null,
  onEnded,
}: {
  battleId: string;
  names: readonly string[];
  self?: number | null;
  onEnded: () => void;
}) {
  const buffer = useRef(new LiveBuffer());
  const effects = useRef<TimedEffect[]>([]);
  const lastUiAt = useRef(0);
  const [hud, setHud] = useState<DrawFrame | null>(null);
  const [status, setStatus] = useState<Status>('connecting');
  const [results, setResults] = useState<BattleResults | null>(null);

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const connect = async () => {
      setStatus('connecting');
      const token = await client.currentAccessToken().catch(() => null);
      if (stopped || token === null) return;
      const ws = new WebSocket(liveUrl(window.location, battleId, token));
      socket = ws;
      ws.onopen = () => setStatus('live');
      ws.onmessage = (event: MessageEvent) => {
        const frame = parseFrame(event.data);
        if (!frame) return;
        if (frame.state) {
          const now = performance.now();
          const born = buffer.current.push(frame.state, now).map((e) => ({ ...e, bornAt: now }));
          effects.current = effects.current.concat(born);
        }
        if (frame.type === 'battle-end') {
          stopped = true;
          setStatus('ended');
          if (frame.results) setResults(frame.results);
          ws.close(1000, 'battle over');
        }
      };
      ws.onclose = () => {
        if (socket !== ws || stopped) return;
        setStatus('offline');
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

function parseFrame(data: unknown): LiveFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const value = JSON.parse(data) as Partial<LiveFrame>;
    return value && typeof value.type === 'string' ? (value as LiveFrame) : null;
  } catch {
    return null;
  }
}
