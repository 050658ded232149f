import { systemClock, type Clock } from '../core/clock';
import type {
  OneTimeMark,
  RateLimit,
  RateLimitHit,
  RateLimitResult,
  RateLimiter,
} from '../core/ports/rate-limiter.port';
import type { StateStore } from '../core/ports/state-store.port';
import { hitOnceInSteps } from './hit-once-in-steps';
import { MemoryStateStore } from './memory-state-store';
import { MemoryTtlMap, type MapBound } from './memory-ttl-map';
import { rateLimitResult } from './rate-limit-result';
import { assertRateLimit, ttlMilliseconds } from './ttl';

/** The in-process fixed-window RateLimiter (no Redis configured): counts only this process's hits. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counters: MemoryTtlMap<number>;
  private readonly onceValues: Pick<StateStore, 'putIfAbsent'>;

  /** `onceValues`: where `hitOnce` marks its values, the process's StateStore (else a store of its own). */
  constructor(clock: Clock = systemClock, bound?: MapBound, onceValues?: Pick<StateStore, 'putIfAbsent'>) {
    this.counters = new MemoryTtlMap(clock, bound);
    this.onceValues = onceValues ?? new MemoryStateStore(clock, bound);
  }

  async hit(key: string, { limit, windowSeconds }: RateLimit): Promise<RateLimitResult> {
    assertRateLimit(limit, windowSeconds);
    const windowMs = ttlMilliseconds(windowSeconds);
    const count = (this.counters.get(key) ?? 0) + 1;
    const remainingMs = this.counters.remainingMs(key) ?? windowMs;
    this.counters.set(key, count, remainingMs);
    return rateLimitResult(count, limit, remainingMs);
  }

  hitOnce(once: OneTimeMark, hits: readonly RateLimitHit[]): Promise<readonly RateLimitResult[] | null> {
    // One JavaScript turn runs one putIfAbsent at a time: the two steps cannot interleave with another's.
    return hitOnceInSteps({ once: this.onceValues, limiter: this }, once, hits);
  }
}
