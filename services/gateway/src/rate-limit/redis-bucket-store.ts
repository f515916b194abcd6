import { Redis } from 'ioredis';
import type { BucketStore } from './bucket-store.js';
import type { BucketLimits, TakeResult } from './token-bucket.js';

// The same refill-and-take step as takeToken(), run atomically inside Redis so that every gateway
// instance spends from one bucket. Redis' own clock is used: gateway clocks may disagree.
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = burst
if saved[1] then
  local elapsed = math.max(0, now - tonumber(saved[2]))
  tokens = math.min(burst, tonumber(saved[1]) + elapsed * rate / 1000)
end
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return {allowed, math.floor(tokens), retry}
`;

type TakeReply = [number, number, number];

export class RedisBucketStore implements BucketStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly keyPrefix = 'garrison:ratelimit:',
  ) {
    // A slow or absent Redis must not stall requests: every command gives up after half a second
    // (the caller then lets the request through, see rate-limit-hook.ts).
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500 });
    this.redis.on('error', () => {}); // reconnects by itself; failures surface per command
    this.redis.defineCommand('garrisonTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }

  async take(key: string, limits: BucketLimits): Promise<TakeResult> {
    const run = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<TakeReply>>)
      .garrisonTakeToken;
    const [allowed, remaining, retryAfterMs] = await run!.call(
      this.redis,
      this.keyPrefix + key,
      limits.rate,
      limits.burst,
    );
    return { allowed: allowed === 1, remaining, retryAfterMs };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
