export { cacheReads, type ReadCacheOptions } from './read-cache.js';
export {
  createReadCacheStore,
  MemoryStore,
  RedisStore,
  type CachedResponse,
  type ReadCacheStore,
} from './store.js';
