/** `burst` requests at once, then `perMinute` a minute: a token bucket per client. */
export interface RateLimit {
  burst: number;
  perMinute: number;
}

export type RateDecision =
  | { ok: true }
  /** `firstRefusal`: the client was allowed until now, so this is the refusal worth a log line. */
  | { ok: false; retryAfterS: number; firstRefusal: boolean };

interface Bucket {
  tokens: number;
  at: number;
  refusing: boolean;
}

/** More clients than this and the least recently seen is forgotten (it starts again with a full bucket). */
const DEFAULT_MAX_CLIENTS = 10_000;

/**
 * Per-client token buckets in memory, bounded in size. Time comes from `now` so tests step it instead of sleeping.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
    private readonly maxClients = DEFAULT_MAX_CLIENTS,
  ) {
    this.perMs = limit.perMinute / 60_000;
  }

  /** Counts one request from `client` if its bucket allows it. */
  take(client: string): RateDecision {
    return this.decide(client, true);
  }

  /** Whether `client` would be allowed now, without counting a request. */
  peek(client: string): RateDecision {
    return this.decide(client, false);
  }

  private decide(client: string, consume: boolean): RateDecision {
    const now = this.now();
    const bucket = this.refill(client, now);
    if (bucket.tokens >= 1) {
      if (consume) {
        bucket.tokens -= 1;
        bucket.refusing = false;
      }
      return { ok: true };
    }
    const firstRefusal = consume && !bucket.refusing;
    if (consume) bucket.refusing = true;
    const retryAfterS = this.perMs > 0 ? Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) : 60;
    return { ok: false, retryAfterS, firstRefusal };
  }

  private refill(client: string, now: number): Bucket {
    const known = this.buckets.get(client);
    // Re-inserted on every use, so the Map's first key is the least recently seen client.
    this.buckets.delete(client);
    const bucket = known ?? { tokens: this.limit.burst, at: now, refusing: false };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(client, bucket);
    if (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return bucket;
  }
}
