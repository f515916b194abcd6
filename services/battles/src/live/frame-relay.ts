import type { Kysely } from '@garrison/kit';
import type { SpectatorFrame } from '@garrison/live';
import type { Logger } from 'pino';
import { NotifyChannel } from './notify-channel.js';

/** The PostgreSQL channel on which battles instances pass live frames to each other. */
export const FRAME_CHANNEL = 'battles_live_frames';
/** Frames waiting to be announced; beyond it the oldest are dropped (spectating is best effort). */
const MAX_QUEUED = 50;

export interface FrameRelayOptions {
  databaseUrl: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  instanceId: string;
  /** Frames of battles played on other instances. */
  onFrame: (frame: SpectatorFrame) => void;
  log: Logger;
}

/**
 * Live frames across battles instances (ADR 174): a live battle is played in the process that holds
 * its Agents, but its spectators may be connected to any instance. The playing instance announces
 * each frame with NOTIFY on the battles database, one at a time so they arrive in order; every
 * instance listens and hands other instances' frames to its own spectators. Frames missed while an
 * instance was disconnected are gone; the status feed still brings the result.
 */
export class FrameRelay {
  private readonly channel: NotifyChannel<SpectatorFrame>;
  private warnedTooLarge = false;

  constructor(private readonly opts: FrameRelayOptions) {
    this.channel = new NotifyChannel<SpectatorFrame>({
      ...opts,
      channel: FRAME_CHANNEL,
      applicationName: 'battles-live-frames',
      maxQueued: MAX_QUEUED,
      onNote: (frame) => {
        if (typeof frame.battleId === 'string') opts.onFrame(frame);
      },
    });
  }

  start(): Promise<void> {
    return this.channel.start();
  }

  stop(): Promise<void> {
    return this.channel.stop();
  }

  /** Announces a frame played here to the other instances. Never throws, never waits. */
  announce(frame: SpectatorFrame): void {
    if (this.channel.send(frame) || this.warnedTooLarge) return;
    this.warnedTooLarge = true;
    this.opts.log.warn(
      { battleId: frame.battleId },
      'a live frame is too large to pass to other instances; their spectators miss such frames',
    );
  }
}
