import { systemClock, type Clock } from '../core/clock';
import type { SessionStorage } from '../core/ports/session-storage.port';
import { MemoryTtlMap, type MapBound } from './memory-ttl-map';
import { ttlMilliseconds } from './ttl';

/**
 * The in-process SessionStorage (no Redis configured). It keeps serialized records, as Redis does, so code
 * that mutates a session object after saving it behaves the same on both.
 */
export class MemorySessionStorage implements SessionStorage {
  private readonly records: MemoryTtlMap<string>;

  constructor(clock: Clock = systemClock, bound?: MapBound) {
    this.records = new MemoryTtlMap(clock, bound);
  }

  async get(id: string): Promise<string | null> {
    return this.records.get(id) ?? null;
  }

  async set(id: string, record: string, ttlSeconds: number): Promise<void> {
    this.records.set(id, record, ttlMilliseconds(ttlSeconds));
  }

  async touch(id: string, ttlSeconds: number): Promise<boolean> {
    return this.records.expire(id, ttlMilliseconds(ttlSeconds));
  }

  async destroy(id: string): Promise<void> {
    this.records.delete(id);
  }

  /** Every live record, for the shared-store scan (memory-store-scan.ts). */
  live(): Array<{ key: string; value: string; remainingMs: number }> {
    return this.records.live();
  }
}
