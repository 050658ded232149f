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

/**
 * Counts attempts per key (password logins per account and per address, access requests, vendor calls) in a
 * fixed window shared by every gateway process. Exact under concurrency: N parallel hits with limit L allow
 * exactly min(N, L).
 */
export interface RateLimiter {
  /** Counts one hit on `key` and says whether it is within `limit` for the current window. */
  hit(key: string, limit: RateLimit): Promise<RateLimitResult>;
}
