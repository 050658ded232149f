import type { RateLimitResult } from '../core/ports/rate-limiter.port';

/** The answer for the `count`-th hit of a window that ends in `remainingMs`: the same for every implementation. */
export function rateLimitResult(count: number, limit: number, remainingMs: number): RateLimitResult {
  const allowed = count <= limit;
  return {
    allowed,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(remainingMs / 1000)),
  };
}
