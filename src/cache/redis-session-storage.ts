import type { SessionStorage } from '../core/ports/session-storage.port';
import type { RedisClient } from './redis-connection';
import { viaRedis } from './redis-errors';
import { ttlMilliseconds } from './ttl';

/** SessionStorage on Redis: one string key per session under `<prefix>sess:`, expiring with the session. */
export class RedisSessionStorage implements SessionStorage {
  constructor(private readonly client: RedisClient) {}

  async get(id: string): Promise<string | null> {
    return viaRedis(this.client, () => this.client.get(sessionKey(id)));
  }

  async set(id: string, record: string, ttlSeconds: number): Promise<void> {
    const ttlMs = ttlMilliseconds(ttlSeconds);
    await viaRedis(this.client, () => this.client.set(sessionKey(id), record, 'PX', ttlMs));
  }

  async touch(id: string, ttlSeconds: number): Promise<boolean> {
    const ttlMs = ttlMilliseconds(ttlSeconds);
    return (await viaRedis(this.client, () => this.client.pexpire(sessionKey(id), ttlMs))) === 1;
  }

  async destroy(id: string): Promise<void> {
    await viaRedis(this.client, () => this.client.del(sessionKey(id)));
  }
}

function sessionKey(id: string): string {
  return `sess:${id}`;
}
