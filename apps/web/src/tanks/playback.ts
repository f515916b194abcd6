// The replay player's clock: where playback is (in ticks, fractional between two ticks), whether it
// runs and how fast. Pure, so the controls can be tested without a browser or a timer.

/** Ticks per second at 1×: live battles run at 10 ticks/s, so 1× is real time. */
export const TICKS_PER_SECOND = 10;
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;
export type Speed = (typeof SPEEDS)[number];

export interface Playback {
  /** Position in ticks over the whole battle: 12.5 is half way from the state after 12 ticks to after 13. */
  position: number;
  /** Number of ticks in the replay: the last position. */
  end: number;
  playing: boolean;
  speed: Speed;
}

export function startPlayback(end: number, speed: Speed = 1): Playback {
  return { position: 0, end, playing: false, speed };
}

/** Moves the clock on by `elapsedMs` of wall time; playback stops by itself at the end. */
export function advance(p: Playback, elapsedMs: number): Playback {
  if (!p.playing || elapsedMs <= 0) return p;
  const position = Math.min(p.end, p.position + (elapsedMs / 1000) * TICKS_PER_SECOND * p.speed);
  return { ...p, position, playing: position < p.end };
}

/** Play from the start again when play is pressed at the end. */
export function play(p: Playback): Playback {
  return { ...p, playing: true, position: p.position >= p.end ? 0 : p.position };
}

export function pause(p: Playback): Playback {
  return { ...p, playing: false };
}

export function seekTo(p: Playback, position: number): Playback {
  const clamped = Math.min(p.end, Math.max(0, Number.isFinite(position) ? position : 0));
  return { ...p, position: clamped };
}

export function withSpeed(p: Playback, speed: Speed): Playback {
  return { ...p, speed };
}

/** One step up or down the speed ladder, staying on it. */
export function nextSpeed(speed: Speed, direction: 1 | -1): Speed {
  const k = SPEEDS.indexOf(speed) + direction;
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, k))] ?? speed;
}

export function atEnd(p: Playback): boolean {
  return p.position >= p.end;
}

/** "1:05" for 650 ticks at 10 ticks/s: battle time, not wall time. */
export function formatBattleTime(ticks: number): string {
  const seconds = Math.floor(ticks / TICKS_PER_SECOND);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function formatSpeed(speed: Speed): string {
  return speed === 0.25 ? '¼×' : speed === 0.5 ? '½×' : `${speed}×`;
}
