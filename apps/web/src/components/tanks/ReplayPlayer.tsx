import { seek, type Replay } from '@garrison/game';
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { interpolate, liveEffects, type DrawFrame, type TimedEffect } from '../../tanks/frame';
import {
  advance,
  atEnd,
  formatBattleTime,
  formatSpeed,
  pause,
  play,
  seekTo,
  SPEEDS,
  startPlayback,
  TICKS_PER_SECOND,
  withSpeed,
  type Playback,
  type Speed,
} from '../../tanks/playback';
import { ReplayTimeline, roundAt } from '../../tanks/timeline';
import { ArenaCanvas, type Scene } from './ArenaCanvas';
import { Scoreboard } from './Scoreboard';
import { TankHud } from './TankHud';

/** A frame longer than this (a background tab) does not fast-forward the battle. */
const MAX_FRAME_MS = 250;
/** How often the controls and the side panel follow the canvas (the canvas itself runs at 60 fps). */
const UI_EVERY_MS = 100;
const SKIP_TICKS = 5 * TICKS_PER_SECOND;

/** Plays a finished battle again in the browser with the shared engine; `autoplay` starts it at once. */
export function ReplayPlayer({
  replay,
  names,
  autoplay = false,
}: {
  replay: Replay;
  names: readonly string[];
  autoplay?: boolean;
}) {
  const timeline = useMemo(() => new ReplayTimeline(replay), [replay]);
  const results = useMemo(() => replay.results ?? seek(replay, replay.ticks.length).results(), [replay]);
  const playback = useRef<Playback>(
    autoplay ? play(startPlayback(timeline.length)) : startPlayback(timeline.length),
  );
  const [ui, setUi] = useState<Playback>(playback.current);
  const [hud, setHud] = useState<DrawFrame | null>(null);
  const effects = useRef<TimedEffect[]>([]);
  const lastFrameAt = useRef<number | null>(null);
  const lastUiAt = useRef(0);

  const control = useCallback((change: (p: Playback) => Playback) => {
    playback.current = change(playback.current);
    setUi(playback.current);
  }, []);

  const scene = useCallback(
    (now: number): Scene => {
      const elapsed = lastFrameAt.current === null ? 0 : Math.min(MAX_FRAME_MS, now - lastFrameAt.current);
      lastFrameAt.current = now;
      const previous = playback.current;
      const p = advance(previous, elapsed);
      playback.current = p;

      const { before, after, alpha } = timeline.bracket(p.position);
      const happened = timeline.takeEffects();
      const born = happened.effects.map((e) => ({ ...e, bornAt: now }));
      effects.current = liveEffects((happened.jumped ? [] : effects.current).concat(born), now);
      const frame = interpolate(before, after, alpha);

      if (p.playing !== previous.playing || now - lastUiAt.current >= UI_EVERY_MS) {
        lastUiAt.current = now;
        setUi(p);
        setHud(frame);
      }
      return { frame, effects: effects.current };
    },
    [timeline],
  );

  const ended = atEnd(ui);
  const round = roundAt(timeline.rounds, ui.position);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return; // inputs keep their own keys
    if (event.key === ' ' || event.key === 'k') {
      event.preventDefault();
      control((p) => (p.playing ? pause(p) : play(p)));
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      const step = event.key === 'ArrowLeft' ? -SKIP_TICKS : SKIP_TICKS;
      control((p) => seekTo(p, p.position + step));
    }
  };

  return (
    <div className="battle-player">
      <div className="battle-main">
        <div
          className="battle-stage"
          tabIndex={0}
          onKeyDown={onKeyDown}
          aria-label="Replay: space plays or pauses, arrows skip 5 seconds"
        >
          <ArenaCanvas scene={scene} options={{ names }} label="Battle arena" />
          <div className="stage-badge" aria-live="off">
            Round {round} / {replay.header.rounds}
          </div>
          {ended && (
            <div className="stage-overlay">
              <div className="stage-card">
                <Scoreboard results={results} names={names} />
                <button type="button" className="primary" onClick={() => control((p) => play(seekTo(p, 0)))}>
                  Watch again
                </button>
              </div>
            </div>
          )}
        </div>
        <div className="player-controls">
          <button
            type="button"
            className="play-button"
            aria-label={ui.playing ? 'Pause' : 'Play'}
            onClick={() => control((p) => (p.playing ? pause(p) : play(p)))}
          >
            {ui.playing ? <PauseIcon /> : <PlayIcon />}
          </button>
          <div className="seek">
            <input
              type="range"
              aria-label="Seek"
              min={0}
              max={timeline.length}
              step={1}
              value={Math.floor(ui.position)}
              onChange={(event) => control((p) => seekTo(p, Number(event.target.value)))}
            />
            <div className="round-marks" aria-hidden="true">
              {timeline.rounds.slice(1).map((mark) => (
                <span
                  key={mark.round}
                  style={{ left: `${(mark.startsAt / Math.max(1, timeline.length)) * 100}%` }}
                />
              ))}
            </div>
          </div>
          <span className="player-time" aria-label="Battle time">
            {formatBattleTime(ui.position)} / {formatBattleTime(timeline.length)}
          </span>
          <label className="speed">
            <span className="visually-hidden">Speed</span>
            <select
              aria-label="Speed"
              value={ui.speed}
              onChange={(event) => control((p) => withSpeed(p, Number(event.target.value) as Speed))}
            >
              {SPEEDS.map((speed) => (
                <option key={speed} value={speed}>
                  {formatSpeed(speed)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <aside className="battle-side">
        <TankHud frame={hud} names={names} />
      </aside>
    </div>
  );
}

function PlayIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path d="M4 2.5v11l9-5.5z" fill="currentColor" />
    </svg>
  );
}

function PauseIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path d="M4 2.5h3v11H4zM9 2.5h3v11H9z" fill="currentColor" />
    </svg>
  );
}
