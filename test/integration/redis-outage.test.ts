import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
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

const logger = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nothing listens on (just released by the OS). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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
  let port: number;
  let server: ChildProcess | undefined;
  let cache: Cache;

  async function startServer(): Promise<void> {
    server = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 5000;
    while (!(await accepts(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await sleep(50);
    }
  }

  async function stopServer(): Promise<void> {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  beforeAll(async () => {
    port = await freePort();
    await startServer();
    cache = createCache(
      {
        redisUrl: `redis://127.0.0.1:${port}`,
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
    await stopServer();
  });

  it('fails fast during the outage, then recovers on its own, pub/sub included', async () => {
    const received: string[] = [];
    await cache.pubsub.subscribe('policy', (m) => received.push(m));
    expect(await cache.ready()).toBe(true);
    await cache.stateStore.put('before', 'v', 30);
    expect(await cache.stateStore.take('before')).toBe('v');

    await stopServer();
    expect((await timed(cache.ready())).result).toEqual({ status: 'fulfilled', value: false });
    expectUnavailable(await timed(cache.stateStore.put('during', 'v', 30)), 1500);
    expectUnavailable(await timed(cache.rateLimiter.hit('during', { limit: 5, windowSeconds: 30 })), 1500);
    expect(await sessionGet(cache.sessionStore, 'sid')).toBeInstanceOf(DependencyUnavailableError);

    await startServer();
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

/** Polls `check` until it is true, failing after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** True when something accepts TCP connections on `port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
