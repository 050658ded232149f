import { Cluster } from 'ioredis';
import type { SharedStoreEntry, SharedStoreScan } from '../core/ports/shared-store-scan.port';
import type { RedisClient } from './redis-connection';
import { viaRedis } from './redis-errors';

const SCAN_COUNT = 500;

/** A glob that matches `text` literally (SCAN's MATCH treats `*?[]\` as special). */
const literal = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * The shared-store scan on Redis: SCAN with MATCH over the deployment's prefix (on every master of a Cluster),
 * then GET and PTTL through the prefixed client. SCAN may return a key twice while Redis rehashes, so each key
 * is given once; a key that expired between SCAN and GET is skipped.
 */
export class RedisStoreScan implements SharedStoreScan {
  constructor(private readonly client: RedisClient) {}

  async *entries(prefix: string): AsyncIterable<SharedStoreEntry> {
    const deployment = this.client.options.keyPrefix ?? '';
    const nodes = this.client instanceof Cluster ? this.client.nodes('master') : [this.client];
    const seen = new Set<string>();
    for (const node of nodes) {
      const stream = node.scanStream({ match: `${literal(deployment + prefix)}*`, count: SCAN_COUNT });
      for await (const batch of stream as AsyncIterable<string[]>) {
        const keys = batch.map((full) => full.slice(deployment.length)).filter((k) => !seen.has(k));
        keys.forEach((k) => seen.add(k));
        const found = await viaRedis(this.client, () =>
          Promise.all(
            keys.map(async (key) => [key, await this.client.get(key), await this.client.pttl(key)] as const),
          ),
        );
        for (const [key, value, ttl] of found)
          if (value !== null) yield { key, value, ttlMs: ttl >= 0 ? ttl : null };
      }
    }
  }

  async delete(key: string): Promise<void> {
    await viaRedis(this.client, () => this.client.del(key));
  }
}
