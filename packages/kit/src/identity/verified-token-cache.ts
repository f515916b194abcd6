/**
 * Tokens already verified, kept until they expire: a client sends the same access token on every
 * request for its 15-minute life, and an EdDSA verification costs more than the rest of the proxying
 * (docs/performance.md, "Gateway"); the gateway and every service verify each request's token. Bounded: past `maxEntries` the oldest entry goes first, so a
 * flood of distinct valid tokens costs memory no larger than the bound. Only successes are kept —
 * a forged token is verified (and refused) every time.
 */
export class VerifiedTokenCache<Identity> {
  private readonly entries = new Map<string, { identity: Identity; expiresAtMs: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Identity | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.identity;
  }

  set(token: string, identity: Identity, expiresAtSeconds: number): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(token);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(token, { identity, expiresAtMs: expiresAtSeconds * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
