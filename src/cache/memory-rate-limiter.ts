import { systemClock, type Clock } from '../core/clock';
import type { RateLimit, RateLimitResult, RateLimiter } from '../core/ports/rate-limiter.port';
import { MemoryTtlMap, type MapBound } from './memory-ttl-map';
import { rateLimitResult } from './rate-limit-result';
import { assertRateLimit, ttlMilliseconds } from './ttl';

/** The in-process fixed-window RateLimiter (no Redis configured): counts only this process's hits. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counters: MemoryTtlMap<number>;

  constructor(clock: Clock = systemClock, bound?: MapBound) {
    this.counters = new MemoryTtlMap(clock, bound);
  }

  async hit(key: string, { limit, windowSeconds }: RateLimit): Promise<RateLimitResult> {
    assertRateLimit(limit, windowSeconds);
    const windowMs = ttlMilliseconds(windowSeconds);
    const count = (this.counters.get(key) ?? 0) + 1;
    const remainingMs = this.counters.remainingMs(key) ?? windowMs;
    this.counters.set(key, count, remainingMs);
    return rateLimitResult(count, limit, remainingMs);
  }
}
