import type { SpectatorFrame } from '@garrison/live';

type Listener = (frame: SpectatorFrame) => void;

/** Frames of the live battles played in this process, fanned out to their spectators. */
export class SpectatorHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(battleId: string, listener: Listener): () => void {
    let set = this.listeners.get(battleId);
    if (!set) this.listeners.set(battleId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(battleId);
    };
  }

  publish(frame: SpectatorFrame): void {
    for (const listener of this.listeners.get(frame.battleId) ?? []) listener(frame);
  }
}
