import type { SpectatorFrame } from '@garrison/live';

type Listener = (frame: SpectatorFrame) => void;

/**
 * Frames of live battles, fanned out to the spectators connected to this instance: those of the
 * battles played here (`publish`, which also passes them to other instances when `announce` is set)
 * and those played on other instances (`deliver`, from the frame relay).
 */
export class SpectatorHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly announce?: (frame: SpectatorFrame) => void) {}

  subscribe(battleId: string, listener: Listener): () => void {
    let set = this.listeners.get(battleId);
    if (!set) this.listeners.set(battleId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(battleId);
    };
  }

  /** A frame of a battle played in this process. */
  publish(frame: SpectatorFrame): void {
    this.deliver(frame);
    this.announce?.(frame);
  }

  /** A frame for this instance's spectators only. */
  deliver(frame: SpectatorFrame): void {
    for (const listener of this.listeners.get(frame.battleId) ?? []) listener(frame);
  }
}
