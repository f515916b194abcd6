// Live frames arrive about every 100 ms (10 ticks/s). To move smoothly at 60 fps the viewer shows the
// scene one frame interval behind the newest state and interpolates towards it.
import type { MatchSnapshot } from '@garrison/game';
import { effectsBetween, type Effect } from './frame';

const DEFAULT_INTERVAL_MS = 100;
/** Gaps longer than this (a pause, a reconnect) do not stretch the estimated interval. */
const MAX_INTERVAL_MS = 1000;

export class LiveBuffer {
  private previous: MatchSnapshot | null = null;
  private latest: MatchSnapshot | null = null;
  private arrivedAt = 0;
  private interval = DEFAULT_INTERVAL_MS;

  /** Adds the newest state; returns what happened since the previous one. */
  push(state: MatchSnapshot, now: number): Effect[] {
    if (this.latest && state.totalTicks <= this.latest.totalTicks && state.round === this.latest.round) {
      return []; // a duplicate or a late frame: never go back in time
    }
    if (this.latest) {
      const gap = now - this.arrivedAt;
      if (gap > 0 && gap < MAX_INTERVAL_MS) this.interval = this.interval * 0.8 + gap * 0.2;
    }
    this.previous = this.latest;
    this.latest = state;
    this.arrivedAt = now;
    return this.previous ? effectsBetween(this.previous, state) : [];
  }

  get newest(): MatchSnapshot | null {
    return this.latest;
  }

  /** The two states to draw between at `now`, and how far along. */
  sample(now: number): { before: MatchSnapshot; after: MatchSnapshot | null; alpha: number } | null {
    if (!this.latest) return null;
    if (!this.previous) return { before: this.latest, after: null, alpha: 0 };
    const alpha = Math.min(1, Math.max(0, (now - this.arrivedAt) / this.interval));
    return { before: this.previous, after: this.latest, alpha };
  }
}
