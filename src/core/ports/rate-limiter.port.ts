/** How many hits a key may make per window. */
export interface RateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** The answer to one hit: refused hits still count, so hammering does not shorten the wait. */
export interface RateLimitResult {
  readonly allowed: boolean;
  /** Hits left in the current window (0 once the limit is reached). */
  readonly remaining: number;
  /** When refused: whole seconds until the window resets (≥ 1); 0 when allowed. */
  readonly retryAfterSeconds: number;
}

/** One hit to count: a key and the limit it is held to. */
export interface RateLimitHit {
  readonly key: string;
  readonly limit: RateLimit;
}

/**
 * A one-time value seen with the hits (a vendor request's nonce): the same key space as `StateStore.putIfAbsent`,
 * so a value used up there is used up here too.
 */
export interface OneTimeMark {
  readonly key: string;
  readonly ttlSeconds: number;
}

/**
 * Counts attempts per key (password logins per account and per address, access requests, vendor calls) in a
 * fixed window shared by every gateway process. Exact under concurrency: N parallel hits with limit L allow
 * exactly min(N, L).
 */
export interface RateLimiter {
  /** Counts one hit on `key` and says whether it is within `limit` for the current window. */
  hit(key: string, limit: RateLimit): Promise<RateLimitResult>;

  /**
   * Marks `once` as seen and, only if it had not been seen, counts one hit on each of `hits` (results in the
   * same order); null for a value already seen, and then nothing is counted, so a replayed request neither
   * passes nor uses up anyone's allowance. One atomic step on one Redis (one round trip instead of two).
   */
  hitOnce(once: OneTimeMark, hits: readonly RateLimitHit[]): Promise<readonly RateLimitResult[] | null>;
}
