import type {
  OneTimeMark,
  RateLimitHit,
  RateLimitResult,
  RateLimiter,
} from '../core/ports/rate-limiter.port';
import type { StateStore } from '../core/ports/state-store.port';
import { assertRateLimit } from './ttl';

/**
 * `RateLimiter.hitOnce` as two steps: the one-time value first, the hits only if it was new. Exact wherever
 * `putIfAbsent` is (a replay still counts nothing); what it gives up is the single round trip. For the
 * in-process store, where both steps are in memory, and for a Redis Cluster, whose keys of one request live
 * in different slots that no one script may touch.
 */
export async function hitOnceInSteps(
  stores: { readonly once: Pick<StateStore, 'putIfAbsent'>; readonly limiter: Pick<RateLimiter, 'hit'> },
  once: OneTimeMark,
  hits: readonly RateLimitHit[],
): Promise<readonly RateLimitResult[] | null> {
  // A limit that makes no sense is refused before the value is used up, as the one-script form does.
  for (const { limit } of hits) assertRateLimit(limit.limit, limit.windowSeconds);
  if (!(await stores.once.putIfAbsent(once.key, once.ttlSeconds))) return null;
  return Promise.all(hits.map((h) => stores.limiter.hit(h.key, h.limit)));
}
