import { Cluster } from 'ioredis';
import type {
  OneTimeMark,
  RateLimit,
  RateLimitHit,
  RateLimitResult,
  RateLimiter,
} from '../core/ports/rate-limiter.port';
import { hitOnceInSteps } from './hit-once-in-steps';
import type { RedisClient } from './redis-connection';
import { viaRedis } from './redis-errors';
import { redisScript, runScript } from './redis-script';
import {
  confirmedByReplicas,
  NO_REPLICA_WAIT,
  RedisStateStore,
  stateKey,
  type OneTimeReplication,
} from './redis-state-store';
import { assertRateLimit, ttlMilliseconds } from './ttl';
import { rateLimitResult } from './rate-limit-result';

// Counting and starting the window run in one script, so that they cannot interleave between processes. The
// window is timed by Redis itself, so gateway clocks that disagree do not matter. A counter left without a
// lifetime (PTTL -1) gets one, so a key can never be locked for ever. KEYS[from..] are counters, ARGV[i] the
// window of KEYS[i]; the reply is {count, ttl} per counter.
const COUNT = `
local function count(from)
  local replies = {}
  for i = from, #KEYS do
    local hits = redis.call('INCR', KEYS[i])
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      redis.call('PEXPIRE', KEYS[i], ARGV[i])
      ttl = tonumber(ARGV[i])
    end
    replies[#replies + 1] = hits
    replies[#replies + 1] = ttl
  end
  return replies
end
`;

const HIT = redisScript(`${COUNT}
return count(1)
`);

// KEYS[1] is the one-time value (ARGV[1] its lifetime): already there, nothing is counted (a nil reply).
const HIT_ONCE = redisScript(`${COUNT}
if not redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return false end
return count(2)
`);

/** A fixed-window RateLimiter on Redis. Keys live under `<prefix>rl:`; `hitOnce`'s values beside the StateStore's. */
export class RedisRateLimiter implements RateLimiter {
  /** Where `hitOnce` marks its values on a Cluster, in its first step. */
  private readonly onceValues: RedisStateStore;

  constructor(
    private readonly client: RedisClient,
    private readonly replication: OneTimeReplication = NO_REPLICA_WAIT,
  ) {
    this.onceValues = new RedisStateStore(client, replication);
  }

  async hit(key: string, { limit, windowSeconds }: RateLimit): Promise<RateLimitResult> {
    assertRateLimit(limit, windowSeconds);
    const windowMs = ttlMilliseconds(windowSeconds);
    const reply = await viaRedis(this.client, () => runScript(this.client, HIT, [`rl:${key}`], [windowMs]));
    const [count, ttlMs] = reply as [number, number];
    return rateLimitResult(count, limit, ttlMs);
  }

  async hitOnce(
    once: OneTimeMark,
    hits: readonly RateLimitHit[],
  ): Promise<readonly RateLimitResult[] | null> {
    // A Cluster keeps the value and each counter in slots of their own, which one script may not span.
    if (this.client instanceof Cluster)
      return hitOnceInSteps({ once: this.onceValues, limiter: this }, once, hits);
    for (const { limit } of hits) assertRateLimit(limit.limit, limit.windowSeconds);
    const keys = [stateKey(once.key), ...hits.map((h) => `rl:${h.key}`)];
    const args = [
      ttlMilliseconds(once.ttlSeconds),
      ...hits.map((h) => ttlMilliseconds(h.limit.windowSeconds)),
    ];
    const reply = await viaRedis(this.client, () => runScript(this.client, HIT_ONCE, keys, args));
    if (reply === null) return null;
    await confirmedByReplicas(this.client, this.replication);
    const counts = reply as number[];
    return hits.map((h, i) => rateLimitResult(counts[2 * i]!, h.limit.limit, counts[2 * i + 1]!));
  }
}
