import Redis from 'ioredis';

const LOCAL_REDIS = 'redis://127.0.0.1:6379';

/** REDIS_URL when set, else the local Redis at 127.0.0.1:6379 when it answers PING; else undefined. */
export async function benchRedisUrl(): Promise<{ url: string; kind: string } | undefined> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, kind: 'Redis at REDIS_URL' };
  const client = new Redis(LOCAL_REDIS, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000 });
  try {
    await client.connect();
    await client.ping();
    return { url: LOCAL_REDIS, kind: 'local Redis 127.0.0.1:6379' };
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under `prefix` (a bench's own namespace), by SCAN, never KEYS. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0' && ++rounds < 100_000);
  } finally {
    client.disconnect();
  }
}
