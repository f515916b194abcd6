type Listener<T> = (value: T) => void;

/** What a feed's producer gets: where to send values, and the signal that stops it. */
export interface FeedOutlet<T> {
  emit(value: T): void;
  signal: AbortSignal;
}

interface Feed<T> {
  listeners: Set<Listener<T>>;
  latest: T | undefined;
  abort: AbortController;
}

/**
 * One producer per battle, shared by all of that battle's listeners on this instance: the first
 * listener starts it, the last one leaving stops it, and so does the producer returning. A poll per
 * spectator made 1,000 spectators run ~4,000 queries a second and exhaust the pool (bench/src/battles).
 * With `replayLatest`, a listener who joins late gets the last value at once.
 */
export class SharedFeeds<T> {
  private readonly feeds = new Map<string, Feed<T>>();

  constructor(
    private readonly produce: (battleId: string, outlet: FeedOutlet<T>) => Promise<void>,
    private readonly options: { replayLatest: boolean },
  ) {}

  subscribe(battleId: string, listener: Listener<T>): () => void {
    let feed = this.feeds.get(battleId);
    if (!feed) {
      feed = { listeners: new Set(), latest: undefined, abort: new AbortController() };
      this.feeds.set(battleId, feed);
      void this.run(battleId, feed);
    } else if (this.options.replayLatest && feed.latest !== undefined) {
      listener(feed.latest);
    }
    feed.listeners.add(listener);
    const own = feed;
    return () => {
      own.listeners.delete(listener);
      if (own.listeners.size === 0) this.stop(battleId, own);
    };
  }

  close(): void {
    for (const [battleId, feed] of this.feeds) this.stop(battleId, feed);
  }

  private async run(battleId: string, feed: Feed<T>): Promise<void> {
    const emit = (value: T) => {
      feed.latest = value;
      for (const listener of [...feed.listeners]) listener(value);
    };
    try {
      await this.produce(battleId, { emit, signal: feed.abort.signal });
    } finally {
      // A finished feed is dropped so a later listener starts a fresh one.
      this.stop(battleId, feed);
    }
  }

  private stop(battleId: string, feed: Feed<T>): void {
    feed.abort.abort();
    if (this.feeds.get(battleId) === feed) this.feeds.delete(battleId);
  }
}
