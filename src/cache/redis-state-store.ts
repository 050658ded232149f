import { Cluster } from 'ioredis';
import { DependencyUnavailableError } from '../core/errors';
import type { StateStore } from '../core/ports/state-store.port';
import type { RedisClient } from './redis-connection';
import { viaRedis } from './redis-errors';
import { redisScript, runScript } from './redis-script';
import { ttlMilliseconds } from './ttl';

// GET and DEL in one script: atomic on every Redis version (GETDEL needs 6.2, which managed services may lack).
const TAKE = redisScript(`
local value = redis.call('GET', KEYS[1])
if value then redis.call('DEL', KEYS[1]) end
return value
`);

/**
 * How many replicas must have a one-time value's use (take, putIfAbsent) before it counts, and how long to wait
 * for them. Redis replicates asynchronously: without this, a master that fails right after a nonce or a state
 * was used can hand over to a replica that never heard of the use, and the value is accepted a second time.
 */
export interface OneTimeReplication {
  readonly replicas: number;
  readonly timeoutMs: number;
}

export const NO_REPLICA_WAIT: OneTimeReplication = { replicas: 0, timeoutMs: 0 };

/** The StateStore on Redis, shared by every gateway process. Keys live under `<prefix>state:`. */
export class RedisStateStore implements StateStore {
  constructor(
    private readonly client: RedisClient,
    private readonly replication: OneTimeReplication = NO_REPLICA_WAIT,
  ) {}

  async put(key: string, value: string, ttlSeconds: number): Promise<void> {
    const ttlMs = ttlMilliseconds(ttlSeconds);
    await viaRedis(this.client, () => this.client.set(stateKey(key), value, 'PX', ttlMs));
  }

  async take(key: string): Promise<string | null> {
    const value = await viaRedis(this.client, () => runScript(this.client, TAKE, [stateKey(key)], []));
    if (typeof value !== 'string') return null;
    await this.replicated();
    return value;
  }

  async get(key: string): Promise<string | null> {
    return viaRedis(this.client, () => this.client.get(stateKey(key)));
  }

  async delete(key: string): Promise<void> {
    await viaRedis(this.client, () => this.client.del(stateKey(key)));
  }

  async putIfAbsent(key: string, ttlSeconds: number, value = '1'): Promise<boolean> {
    const ttlMs = ttlMilliseconds(ttlSeconds);
    const reply = await viaRedis(this.client, () => this.client.set(stateKey(key), value, 'PX', ttlMs, 'NX'));
    if (reply !== 'OK') return false;
    await this.replicated();
    return true;
  }

  private replicated(): Promise<void> {
    return confirmedByReplicas(this.client, this.replication);
  }
}

/**
 * WAIT for the configured replicas after a one-time value was used (the use stays done on the master either
 * way: refused now, it can be accepted once later, never twice). Cluster mode does not wait: WAIT names no key
 * to route by.
 */
export async function confirmedByReplicas(
  client: RedisClient,
  replication: OneTimeReplication,
): Promise<void> {
  const { replicas, timeoutMs } = replication;
  if (replicas === 0 || client instanceof Cluster) return;
  const acked = await viaRedis(client, () => client.wait(replicas, timeoutMs));
  if (acked < replicas)
    throw new DependencyUnavailableError('redis', {
      cause: new Error(`${acked} of ${replicas} replicas confirmed within ${timeoutMs} ms`),
    });
}

/** Where a StateStore key lives in Redis (ioredis adds the configured prefix in front). */
export function stateKey(key: string): string {
  return `state:${key}`;
}
