// Where the read cache keeps responses: Redis when the service is given one (shared by its
// instances, survives a restart), otherwise a bounded in-process map.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface CachedResponse {
  /** The serialized body exactly as it was sent. */
  body: string;
  contentType: string;
  /** When it was stored (ms since epoch): the `Age` of a stale answer. */
  storedAt: number;
}

export interface ReadCacheStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void>;
  close(): Promise<void>;
}

/** Least recently stored entries go first once `maxEntries` is reached. */
export class MemoryStore implements ReadCacheStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, { value: CachedResponse; expiresAt: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  async get(key: string): Promise<CachedResponse | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

export class RedisStore implements ReadCacheStore {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
    log: Logger,
  ) {
    // Fail fast rather than queue: a cache that is down is a miss, never a slower request.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.redis.on('error', (err: Error) => log.debug({ err }, 'read cache: redis error'));
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const raw = await this.redis.get(this.prefix + key);
    return raw ? (JSON.parse(raw) as CachedResponse) : undefined;
  }

  async set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(value), 'EX', ttlSeconds);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/** Redis at `redisUrl` when given, otherwise memory; keys carry the service's name. */
export function createReadCacheStore(
  service: string,
  redisUrl: string | undefined,
  log: Logger,
): ReadCacheStore {
  return redisUrl ? new RedisStore(redisUrl, `garrison:read-cache:${service}:`, log) : new MemoryStore();
}
