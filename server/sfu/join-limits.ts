/**
 * Signalling joins per client address: a token bucket of `burst` joins, refilled at `perSecond`. Every participant of
 * a loopback server (tests, bots, the desktop app's embedded server) shares 127.0.0.1, and so do all clients behind a
 * reverse proxy, so the defaults allow a 100-person call to join at once from one address; the limit is for one
 * address opening joins (peer connections and their sockets) without end.
 */
export class JoinRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    /** Addresses remembered at most; full buckets are forgotten first (they are the same as a new one). */
    private readonly maxAddresses = 10_000,
  ) {}

  /** Takes one join for `address`: false when it has none left. */
  take(address: string, now = Date.now()): boolean {
    const tokens = this.tokens(address, now);
    if (tokens < 1) return false;
    this.buckets.set(address, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxAddresses) this.forgetFull(now);
    return true;
  }

  /** Whole seconds until `address` may join again (0: it may now). */
  retryAfterSeconds(address: string, now = Date.now()): number {
    const tokens = this.tokens(address, now);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.perSecond);
  }

  private tokens(address: string, now: number): number {
    const bucket = this.buckets.get(address);
    if (!bucket) return this.burst;
    return Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
  }

  private forgetFull(now: number): void {
    for (const address of [...this.buckets.keys()]) {
      if (this.tokens(address, now) >= this.burst) this.buckets.delete(address);
    }
    // still too many: the oldest entries go (a Map iterates in insertion order)
    for (const address of this.buckets.keys()) {
      if (this.buckets.size <= this.maxAddresses) break;
      this.buckets.delete(address);
    }
  }
}
