import { Cluster, Redis, type ClusterNode, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger';
import type { RedisClient } from './redis-client';
import { watchAvailability } from './redis-errors';

export type { RedisClient } from './redis-client';

/** How to reach Redis; field names follow src/config/redis.ts so the validated config can be passed as it is. */
export interface RedisConnectionOptions {
  readonly url?: string;
  readonly mode: 'standalone' | 'sentinel' | 'cluster';
  readonly sentinels?: ReadonlyArray<{ host: string; port: number }>;
  readonly sentinelName: string;
  readonly clusterNodes?: ReadonlyArray<{ host: string; port: number }>;
  /** Prepended by ioredis to every key argument (not to pub/sub channels: see redis-pub-sub.ts). */
  readonly keyPrefix: string;
  /** Shown by CLIENT LIST, so an operator can tell gateway connections apart. */
  readonly connectionName?: string;
  /** Connect on the first command instead of at once. */
  readonly lazyConnect?: boolean;
  /** Upper bound of one command, in ms, even on a half-open connection. */
  readonly commandTimeoutMs?: number;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 2000;

/** Reconnects forever (the process must recover on its own) with capped, jittered exponential backoff. */
export function reconnectDelayMs(attempt: number): number {
  const base = Math.min(50 * 2 ** Math.min(attempt, 10), 2000);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * Options shared by every connection. A request must fail fast during an outage rather than hang:
 * the offline queue stays on (commands issued while connecting or during a failover are sent once the
 * connection is back), but it is flushed with an error after two reconnect attempts
 * (`maxRetriesPerRequest`), `commandTimeout` bounds every command even on a connection that hangs, and once
 * an outage is older than a second `viaRedis` (redis-errors.ts) refuses at once without queueing.
 */
function commonOptions(options: RedisConnectionOptions): RedisOptions {
  return {
    keyPrefix: options.keyPrefix,
    connectionName: options.connectionName ?? 'esia-link-gateway',
    lazyConnect: options.lazyConnect ?? false,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // How long closing waits for the socket to end before destroying it; keeps shutdown and tests short.
    disconnectTimeout: 500,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 2,
    // Commands issued in the same event-loop turn leave in one write (ioredis flushes them from setImmediate):
    // a password decision sends three (its nonce, its two rate limits) and a busy turn serves many decisions,
    // and each write to the socket was a system call that cost about as much CPU as the decision's own code
    // (issue 11: writeUtf8String ≈ 11 % of a decision's CPU in the profile before this).
    enableAutoPipelining: true,
    enableOfflineQueue: true,
    retryStrategy: reconnectDelayMs,
    // A failed-over master answers READONLY: reconnect (Sentinel finds the new master) and resend; the
    // refused command did not run, so resending it is safe.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  };
}

/** Credentials, database and TLS taken from REDIS_URL when Sentinel or Cluster mode also gives one. */
function fromUrl(url: string | undefined): RedisOptions {
  if (!url) return {};
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Opens the command connection for the configured mode. */
export function createRedisConnection(options: RedisConnectionOptions, logger?: Logger): RedisClient {
  const common = commonOptions(options);
  let client: RedisClient;
  switch (options.mode) {
    case 'standalone':
      if (!options.url) throw new Error('REDIS_URL is required in standalone mode');
      client = new Redis(options.url, common);
      break;
    case 'sentinel':
      if (!options.sentinels?.length) throw new Error('REDIS_SENTINELS is required in sentinel mode');
      client = new Redis({
        ...common,
        ...fromUrl(options.url),
        sentinels: options.sentinels.map((s) => ({ host: s.host, port: s.port })),
        name: options.sentinelName,
      });
      break;
    case 'cluster': {
      if (!options.clusterNodes?.length) throw new Error('REDIS_CLUSTER_NODES is required in cluster mode');
      const { keyPrefix, lazyConnect, ...perNode } = common;
      const nodes: ClusterNode[] = options.clusterNodes.map((n) => ({ host: n.host, port: n.port }));
      client = new Cluster(nodes, {
        keyPrefix,
        lazyConnect,
        enableOfflineQueue: true,
        clusterRetryStrategy: reconnectDelayMs,
        scaleReads: 'master',
        redisOptions: { ...perNode, ...fromUrl(options.url) },
      });
      break;
    }
  }
  watchAvailability(client);
  if (logger) reportConnectionState(client, logger, common.connectionName ?? 'redis');
  return client;
}

/**
 * A second connection for SUBSCRIBE: a subscribed connection cannot run other commands. It inherits the
 * mode, address and options; ioredis resubscribes it after a reconnect.
 */
export function createSubscriberConnection(client: RedisClient, logger?: Logger): RedisClient {
  const base =
    client instanceof Cluster ? client.options.redisOptions?.connectionName : client.options.connectionName;
  const name = `${base ?? 'esia-link-gateway'}:sub`;
  const subscriber =
    client instanceof Cluster
      ? client.duplicate(undefined, {
          redisOptions: { ...client.options.redisOptions, connectionName: name },
        })
      : client.duplicate({ connectionName: name });
  watchAvailability(subscriber);
  if (logger) reportConnectionState(subscriber, logger, name);
  return subscriber;
}

/** Logs the first error of an outage and the recovery, not every reconnect attempt. */
function reportConnectionState(client: RedisClient, logger: Logger, name: string): void {
  let failing = false;
  client.on('error', (err: Error) => {
    if (failing) return;
    failing = true;
    logger.warn({ err, connection: name }, 'redis connection failing; reconnecting');
  });
  client.on('ready', () => {
    if (failing) logger.info({ connection: name }, 'redis connection recovered');
    failing = false;
  });
}

/** True when Redis answers PING within `timeoutMs`; never throws. What /readyz asks. */
export async function checkRedis(client: RedisClient, timeoutMs = 500): Promise<boolean> {
  if (client.status === 'end') return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = client.ping().then(
    (reply) => reply === 'PONG',
    () => false,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes a connection politely, or drops it when Redis does not answer in time. */
export async function closeRedis(client: RedisClient, timeoutMs = 1000): Promise<void> {
  if (client.status === 'end') return;
  // Never connected (lazy): QUIT would open a connection only to close it.
  if (client.status === 'wait') return client.disconnect();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  const quit = client.quit().then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([quit, timeout]);
  clearTimeout(timer);
  client.disconnect();
}
