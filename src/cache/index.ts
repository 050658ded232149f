import type { Store } from 'express-session';
import { systemClock, type Clock } from '../core/clock';
import type { PubSub } from '../core/ports/pub-sub.port';
import type { RateLimiter } from '../core/ports/rate-limiter.port';
import type { SharedStoreScan } from '../core/ports/shared-store-scan.port';
import type { StateStore } from '../core/ports/state-store.port';
import type { Logger } from '../logger';
import { MemoryPubSub } from './memory-pub-sub';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { MemorySessionStorage } from './memory-session-storage';
import { MemoryStateStore } from './memory-state-store';
import { MemoryStoreScan } from './memory-store-scan';
import { checkRedis, closeRedis, createRedisConnection } from './redis-connection';
import { RedisPubSub } from './redis-pub-sub';
import { RedisRateLimiter } from './redis-rate-limiter';
import { RedisSessionStorage } from './redis-session-storage';
import { RedisStateStore } from './redis-state-store';
import { RedisStoreScan } from './redis-store-scan';
import { GatewaySessionStore } from './session-store';

/** What createCache needs; the field names are those of src/config/redis.ts, so `config` itself fits. */
export interface CacheOptions {
  readonly redisUrl?: string;
  readonly redisMode: 'standalone' | 'sentinel' | 'cluster';
  readonly redisSentinels?: ReadonlyArray<{ host: string; port: number }>;
  readonly redisSentinelName: string;
  readonly redisClusterNodes?: ReadonlyArray<{ host: string; port: number }>;
  readonly redisKeyPrefix: string;
  /** Replicas that must confirm a one-time value's use (redis-state-store.ts); 0 or absent: none. */
  readonly redisWaitReplicas?: number;
  readonly sessionIdleMinutes: number;
  /** Expiry clock of the in-process stores (tests travel in time with it); Redis keeps time itself. */
  readonly clock?: Clock;
  /** Counts a live entry an in-process map evicted because it was full (`map` names it); nothing when absent. */
  readonly onEvict?: (map: string) => void;
  /** Most entries of each in-process map (MEMORY_MAP_MAX_ENTRIES by default). */
  readonly memoryMapMaxEntries?: number;
}

/** Everything the gateway keeps outside PostgreSQL, and how to check and close it. */
export interface Cache {
  readonly kind: 'redis' | 'memory';
  readonly stateStore: StateStore;
  readonly rateLimiter: RateLimiter;
  readonly pubsub: PubSub;
  /** The express-session store to pass as `session({ store })`. */
  readonly sessionStore: Store;
  /** Whole key families, for a person's records (never on a request's path). */
  readonly scan: SharedStoreScan;
  /** For /readyz: true when the backing store answers now. Never throws. */
  ready(): Promise<boolean>;
  /** Closes the connections; call once, at shutdown. */
  close(): Promise<void>;
}

/**
 * The one place that chooses Redis or the in-process stores: Redis when REDIS_URL is set or Sentinel or
 * Cluster is configured, else in-process (development only; the configuration refuses that in production).
 */
export function createCache(options: CacheOptions, logger: Logger): Cache {
  const idleSeconds = options.sessionIdleMinutes * 60;
  if (!options.redisUrl && options.redisMode === 'standalone') {
    return createMemoryCache(idleSeconds, options.clock ?? systemClock, logger, {
      maxEntries: options.memoryMapMaxEntries ?? MEMORY_MAP_MAX_ENTRIES,
      onEvict: options.onEvict ?? (() => undefined),
    });
  }

  const client = createRedisConnection(
    {
      url: options.redisUrl,
      mode: options.redisMode,
      sentinels: options.redisSentinels,
      sentinelName: options.redisSentinelName,
      clusterNodes: options.redisClusterNodes,
      keyPrefix: options.redisKeyPrefix,
    },
    logger,
  );
  const pubsub = new RedisPubSub(client, logger);
  const replication = { replicas: options.redisWaitReplicas ?? 0, timeoutMs: 500 };
  logger.info({ mode: options.redisMode, keyPrefix: options.redisKeyPrefix }, 'cache: redis');
  return {
    kind: 'redis',
    stateStore: new RedisStateStore(client, replication),
    rateLimiter: new RedisRateLimiter(client, replication),
    pubsub,
    sessionStore: new GatewaySessionStore(new RedisSessionStorage(client), { idleSeconds }),
    scan: new RedisStoreScan(client),
    ready: () => checkRedis(client),
    close: async () => {
      await pubsub.close();
      await closeRedis(client);
    },
  };
}

/**
 * Most entries each in-process map holds (one-time values and nonces, rate-limit counters, sessions): at
 * ≈ 150–250 B an entry, ≈ 50 MB a map at the bound. Past it the oldest entry is evicted and counted
 * (elg_memory_evictions_total): for nonces that means a replay older than the newest 200 000 nonces is no longer
 * recognised, which is why production runs on Redis (the configuration refuses the in-process store there).
 */
export const MEMORY_MAP_MAX_ENTRIES = 200_000;

function createMemoryCache(
  idleSeconds: number,
  clock: Clock,
  logger: Logger,
  bound: { maxEntries: number; onEvict: (map: string) => void },
): Cache {
  logger.warn(
    'cache: in-process store (no REDIS_URL): sessions, one-time values, rate limits and pub/sub are local to ' +
      'this process and lost on restart; development only',
  );
  const limit = (map: string) => ({ maxEntries: bound.maxEntries, onEvict: () => bound.onEvict(map) });
  const stateStore = new MemoryStateStore(clock, limit('state_store'));
  const sessions = new MemorySessionStorage(clock, limit('sessions'));
  return {
    kind: 'memory',
    stateStore,
    rateLimiter: new MemoryRateLimiter(clock, limit('rate_limits'), stateStore),
    pubsub: new MemoryPubSub(logger),
    // The store reads cookie expiries on the real clock, as express-session writes them; only the expiry of
    // the stored record follows the injected clock, so a test that travels in time sees sessions end.
    sessionStore: new GatewaySessionStore(sessions, { idleSeconds }),
    scan: new MemoryStoreScan(sessions, stateStore),
    ready: async () => true,
    close: async () => undefined,
  };
}
