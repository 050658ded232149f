import type { RateLimit, RateLimitResult, RateLimiter } from '../core/ports/rate-limiter.port';
import type { RedisClient } from './redis-connection';
import { viaRedis } from './redis-errors';
import { redisScript, runScript } from './redis-script';
import { assertRateLimit, ttlMilliseconds } from './ttl';
import { rateLimitResult } from './rate-limit-result';

// One script, so that counting and starting the window cannot interleave between processes. The window is
// timed by Redis itself, so gateway clocks that disagree do not matter. A counter left without a lifetime
// (PTTL -1) gets one, so a key can never be locked for ever.
const HIT = redisScript(`
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`);

/** A fixed-window RateLimiter on Redis. Keys live under `<prefix>rl:`. */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly client: RedisClient) {}

  async hit(key: string, { limit, windowSeconds }: RateLimit): Promise<RateLimitResult> {
    assertRateLimit(limit, windowSeconds);
    const windowMs = ttlMilliseconds(windowSeconds);
    const reply = await viaRedis(this.client, () => runScript(this.client, HIT, [`rl:${key}`], [windowMs]));
    const [count, ttlMs] = reply as [number, number];
    return rateLimitResult(count, limit, ttlMs);
  }
}
