import type { RedisClient } from '../../src/cache/redis-connection';
import { RedisPubSub } from '../../src/cache/redis-pub-sub';
import { RedisRateLimiter } from '../../src/cache/redis-rate-limiter';
import { RedisSessionStorage } from '../../src/cache/redis-session-storage';
import { RedisStateStore } from '../../src/cache/redis-state-store';
import { RedisStoreScan } from '../../src/cache/redis-store-scan';
import { GatewaySessionStore } from '../../src/cache/session-store';
import { createLogger } from '../../src/logger';
import {
  describePubSubContract,
  describeRateLimiterContract,
  describeSessionStoreContract,
  describeSharedStoreScanContract,
  describeStateStoreContract,
  realTime,
} from './cache-contract';

/**
 * Runs every cache contract on the Redis that `client()` connects to (one Redis, or a Cluster), on Redis's own
 * clock. `client` is read inside each test: the suites connect in their beforeAll.
 */
export function describeRedisCacheContracts(
  label: string,
  client: () => RedisClient,
  /** false on a Redis Cluster, which keeps no order between pub/sub messages. */
  options: { pubSubOrdered: boolean } = { pubSubOrdered: true },
): void {
  const logger = createLogger({ level: 'silent' });

  describeStateStoreContract(label, async () => ({ subject: new RedisStateStore(client()), time: realTime }));

  describeRateLimiterContract(label, async () => ({
    subject: { limiter: new RedisRateLimiter(client()), stateStore: new RedisStateStore(client()) },
    time: realTime,
  }));

  describePubSubContract(
    label,
    async () => {
      const a = new RedisPubSub(client(), logger);
      const b = new RedisPubSub(client(), logger);
      return {
        subject: { a, b },
        time: realTime,
        close: async () => void (await Promise.all([a.close(), b.close()])),
      };
    },
    { ordered: options.pubSubOrdered },
  );

  describeSessionStoreContract(label, async ({ idleSeconds }) => ({
    subject: new GatewaySessionStore(new RedisSessionStorage(client()), { idleSeconds }),
    time: realTime,
  }));

  describeSharedStoreScanContract(label, async () => ({
    subject: {
      scan: new RedisStoreScan(client()),
      sessions: new RedisSessionStorage(client()),
      state: new RedisStateStore(client()),
    },
    time: realTime,
  }));
}
