import { BoundedExpiringMap } from '../cache/bounded-expiring-map.js';

/**
 * Tokens already verified, kept until they expire: a client sends the same access token on every
 * request for its 15-minute life, and an EdDSA verification costs more than the rest of the proxying
 * (docs/performance.md, "Gateway"); the gateway and every service verify each request's token. Bounded: past `maxEntries` the oldest entry goes first, so a
 * flood of distinct valid tokens costs memory no larger than the bound. Only successes are kept —
 * a forged token is verified (and refused) every time.
 */
export class VerifiedTokenCache<Identity> extends BoundedExpiringMap<Identity> {
  /** Keeps `identity` until the token's `exp` (seconds since epoch). */
  set(token: string, identity: Identity, expiresAtSeconds: number): void {
    this.put(token, identity, expiresAtSeconds * 1000);
  }
}
