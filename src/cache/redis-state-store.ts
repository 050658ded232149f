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

/** The StateStore on Redis, shared by every gateway process. Keys live under `<prefix>state:`. */
export class RedisStateStore implements StateStore {
  constructor(private readonly client: RedisClient) {}

  async put(key: string, value: string, ttlSeconds: number): Promise<void> {
    const ttlMs = ttlMilliseconds(ttlSeconds);
    await viaRedis(this.client, () => this.client.set(stateKey(key), value, 'PX', ttlMs));
  }

  async take(key: string): Promise<string | null> {
    const value = await viaRedis(this.client, () => runScript(this.client, TAKE, [stateKey(key)], []));
    return typeof value === 'string' ? value : null;
  }

  async get(key: string): Promise<string | null> {
    return viaRedis(this.client, () => this.client.get(stateKey(key)));
  }

  async delete(key: string): Promise<void> {
    await viaRedis(this.client, () => this.client.del(stateKey(key)));
  }

  async putIfAbsent(key: string, ttlSeconds: number): Promise<boolean> {
    const ttlMs = ttlMilliseconds(ttlSeconds);
    const reply = await viaRedis(this.client, () => this.client.set(stateKey(key), '1', 'PX', ttlMs, 'NX'));
    return reply === 'OK';
  }
}

function stateKey(key: string): string {
  return `state:${key}`;
}
