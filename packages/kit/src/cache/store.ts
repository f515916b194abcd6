// Where the read cache keeps responses: Redis when the service is given one (shared by its
// instances, survives a restart), otherwise a bounded in-process map.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BoundedExpiringMap } from './bounded-expiring-map.js';

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
  private readonly entries: BoundedExpiringMap<CachedResponse>;

  constructor(maxEntries = 10_000) {
    this.entries = new BoundedExpiringMap(maxEntries);
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void> {
    this.entries.put(key, value, Date.now() + ttlSeconds * 1000);
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
