import { spawnSync } from 'node:child_process';
import type { Store } from 'express-session';
import { DependencyUnavailableError } from '../../src/core/errors';
import { createLogger } from '../../src/logger';
import { createCache, type Cache } from '../../src/cache';
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
import { GatewaySessionStore } from '../../src/cache/session-store';
import { eventually, sleep, startPrivateRedis, type PrivateRedis } from '../support/fault-tools';
import { freePort } from '../support/private-postgres';

const logger = createLogger({ level: 'silent' });

/** Resolves with how long `work` took to settle, and its outcome. */
async function timed<T>(work: Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const started = Date.now();
  const [result] = await Promise.allSettled([work]);
  return { ms: Date.now() - started, result: result! };
}

function expectUnavailable(
  outcome: { ms: number; result: PromiseSettledResult<unknown> },
  withinMs: number,
): void {
  expect(outcome.result.status).toBe('rejected');
  const reason = (outcome.result as PromiseRejectedResult).reason;
  expect(reason).toBeInstanceOf(DependencyUnavailableError);
  expect((reason as DependencyUnavailableError).dependency).toBe('redis');
  expect(outcome.ms).toBeLessThan(withinMs);
}

const sessionGet = (store: Store, sid: string) =>
  new Promise<unknown>((resolve) => store.get(sid, (err) => resolve(err)));

describe('when Redis cannot be reached at all', () => {
  let client: RedisClient;

  beforeAll(async () => {
    const port = await freePort();
    client = createRedisConnection(
      {
        url: `redis://127.0.0.1:${port}`,
        mode: 'standalone',
        sentinelName: 'mymaster',
        keyPrefix: 'elg-outage:',
      },
      logger,
    );
  });

  afterAll(() => closeRedis(client));

  it('checkRedis answers false within its timeout', async () => {
    const outcome = await timed(checkRedis(client, 300));
    expect(outcome.result).toEqual({ status: 'fulfilled', value: false });
    expect(outcome.ms).toBeLessThan(1000);
  });

  it('every store operation fails fast with DependencyUnavailableError instead of hanging', async () => {
    const state = new RedisStateStore(client);
    const limiter = new RedisRateLimiter(client);
    const pubsub = new RedisPubSub(client, logger);
    expectUnavailable(await timed(state.put('k', 'v', 10)), 1500);
    expectUnavailable(await timed(state.take('k')), 1500);
    expectUnavailable(await timed(state.putIfAbsent('n', 10)), 1500);
    expectUnavailable(await timed(limiter.hit('k', { limit: 1, windowSeconds: 10 })), 1500);
    expectUnavailable(await timed(pubsub.publish('c', 'm')), 1500);
    await pubsub.close();
  });

  it('the session store hands the failure to its callback instead of throwing', async () => {
    const store = new GatewaySessionStore(new RedisSessionStorage(client), { idleSeconds: 60 });
    expect(await sessionGet(store, 'sid')).toBeInstanceOf(DependencyUnavailableError);
  });

  it('createCache on an unreachable Redis is not ready and still closes promptly', async () => {
    const cache = createCache(
      {
        redisUrl: `redis://127.0.0.1:${await freePort()}`,
        redisMode: 'standalone',
        redisSentinelName: 'mymaster',
        redisKeyPrefix: 'elg-outage:',
        sessionIdleMinutes: 30,
      },
      logger,
    );
    expect(cache.kind).toBe('redis');
    expect(await cache.ready()).toBe(false);
    expect((await timed(cache.close())).ms).toBeLessThan(2000);
  });
});

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) {
  console.warn('redis-outage.test: no redis-server binary, so the outage-and-recovery test does NOT run');
  if (process.env.REQUIRE_REAL_SERVICES === '1') {
    it('redis-server is installed (REQUIRE_REAL_SERVICES=1)', () => expect(hasRedisServer).toBe(true));
  }
}

(hasRedisServer ? describe : describe.skip)('when a real Redis stops and comes back', () => {
  let server: PrivateRedis;
  let cache: Cache;

  beforeAll(async () => {
    server = await startPrivateRedis();
    cache = createCache(
      {
        redisUrl: server.url,
        redisMode: 'standalone',
        redisSentinelName: 'mymaster',
        redisKeyPrefix: 'elg-outage:',
        sessionIdleMinutes: 30,
      },
      logger,
    );
  });

  afterAll(async () => {
    await cache?.close();
    await server?.stop();
  });

  it('fails fast during the outage, then recovers on its own, pub/sub included', async () => {
    const received: string[] = [];
    await cache.pubsub.subscribe('policy', (m) => received.push(m));
    expect(await cache.ready()).toBe(true);
    await cache.stateStore.put('before', 'v', 30);
    expect(await cache.stateStore.take('before')).toBe('v');

    await server.stop();
    expect((await timed(cache.ready())).result).toEqual({ status: 'fulfilled', value: false });
    expectUnavailable(await timed(cache.stateStore.put('during', 'v', 30)), 1500);
    expectUnavailable(await timed(cache.rateLimiter.hit('during', { limit: 5, windowSeconds: 30 })), 1500);
    expect(await sessionGet(cache.sessionStore, 'sid')).toBeInstanceOf(DependencyUnavailableError);

    await server.start();
    await eventually(() => cache.ready(), 10_000);
    await cache.stateStore.put('after', 'v', 30);
    expect(await cache.stateStore.take('after')).toBe('v');
    // The subscriber connection reconnects on its own schedule: publish until the resubscribed handler hears.
    await eventually(async () => {
      await cache.pubsub.publish('policy', 'invalidate');
      await sleep(100);
      return received.includes('invalidate');
    }, 10_000);
  });
});
