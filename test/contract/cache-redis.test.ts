import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/logger';
import {
  checkRedis,
  closeRedis,
  createRedisConnection,
  type RedisClient,
} from '../../src/cache/redis-connection';
import { RedisPubSub } from '../../src/cache/redis-pub-sub';
import { RedisRateLimiter } from '../../src/cache/redis-rate-limiter';
import { RedisSessionStorage } from '../../src/cache/redis-session-storage';
import { RedisStateStore } from '../../src/cache/redis-state-store';
import { RedisStoreScan } from '../../src/cache/redis-store-scan';
import { uniqueKey } from './cache-contract';
import { describeMemoryCacheContracts } from './memory-subjects';
import { describeRedisCacheContracts } from './redis-subjects';

// REDIS_URL set: test that Redis (unreachable is a failure). REQUIRE_REAL_SERVICES=1 (CI): test Redis at
// REDIS_URL or the local default, and fail when none answers. Neither: a developer without Redis, so run the
// same contracts on the in-process store and say so.
const requireReal = process.env.REQUIRE_REAL_SERVICES === '1';
const url = process.env.REDIS_URL || (requireReal ? 'redis://127.0.0.1:6379' : undefined);

if (!url) {
  console.warn(
    'cache-redis.test: REDIS_URL is unset and REQUIRE_REAL_SERVICES is not 1, so the Redis contract runs on ' +
      'the IN-PROCESS store instead. Set REDIS_URL to test Redis.',
  );
  describeMemoryCacheContracts('in-process (fallback: REDIS_URL unset)');
} else {
  describeRedisContracts(url);
}

function describeRedisContracts(redisUrl: string): void {
  const host = new URL(redisUrl).host;
  // One prefix per run: the suite may share a Redis with other runs and other test files.
  const keyPrefix = `elg-test:${randomUUID().slice(0, 8)}:`;
  const logger = createLogger({ level: 'silent' });
  let client: RedisClient;

  const connect = () =>
    createRedisConnection(
      {
        url: redisUrl,
        mode: 'standalone',
        sentinelName: 'mymaster',
        keyPrefix,
        connectionName: 'elg-contract-test',
      },
      logger,
    );

  describe(`Redis at ${host}`, () => {
    let reachable = false;

    beforeAll(async () => {
      client = connect();
      reachable = await checkRedis(client, 3000);
      if (!reachable) throw new Error(`no Redis answers at ${host}`);
    });

    afterAll(async () => {
      if (reachable) await deleteKeys(redisUrl, `${keyPrefix}*`);
      await closeRedis(client);
    });

    describeRedisCacheContracts('redis', () => client);

    describe('keys on Redis', () => {
      it("the scan sees this deployment's keys only, not another prefix's sharing the Redis", async () => {
        const other = createRedisConnection(
          { url: redisUrl, mode: 'standalone', sentinelName: 'mymaster', keyPrefix: `${keyPrefix}other:` },
          logger,
        );
        try {
          const id = uniqueKey('neighbour');
          await new RedisSessionStorage(other).set(id, '{}', 30);
          await new RedisSessionStorage(client).set(id, '{}', 30);
          const seen: string[] = [];
          for await (const e of new RedisStoreScan(client).entries('sess:')) seen.push(e.key);
          expect(seen).toContain(`sess:${id}`);
          expect(seen.filter((k) => k.includes('other:'))).toEqual([]);
        } finally {
          await closeRedis(other);
        }
      });

      it('every key carries the configured prefix and a lifetime', async () => {
        const raw = new Redis(redisUrl, { lazyConnect: true });
        try {
          const key = uniqueKey('prefixed');
          await new RedisStateStore(client).put(key, 'v', 30);
          await new RedisRateLimiter(client).hit(key, { limit: 1, windowSeconds: 30 });
          await new RedisSessionStorage(client).set(key, '{}', 30);
          for (const area of ['state', 'rl', 'sess']) {
            const ttl = await raw.pttl(`${keyPrefix}${area}:${key}`);
            expect(ttl).toBeGreaterThan(0);
            expect(ttl).toBeLessThanOrEqual(30_000);
          }
        } finally {
          await closeRedis(raw);
        }
      });

      it('channels carry the prefix too, so deployments sharing a Redis do not hear each other', async () => {
        const raw = new Redis(redisUrl, { lazyConnect: true });
        const pubsub = new RedisPubSub(client, logger);
        try {
          const channel = uniqueKey('chan');
          await pubsub.subscribe(channel, () => undefined);
          const [, count] = (await raw.pubsub('NUMSUB', `${keyPrefix}ps:${channel}`)) as [string, number];
          expect(count).toBe(1);
        } finally {
          await pubsub.close();
          await closeRedis(raw);
        }
      });
    });
  });
}

/** Deletes every key matching `pattern`, through a connection without a key prefix: SCAN returns full names. */
async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
  const raw = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  raw.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await raw.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await closeRedis(raw);
  }
}
