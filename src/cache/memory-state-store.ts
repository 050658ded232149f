import { systemClock, type Clock } from '../core/clock';
import type { StateStore } from '../core/ports/state-store.port';
import { MemoryTtlMap, type MapBound } from './memory-ttl-map';
import { ttlMilliseconds } from './ttl';

/**
 * The in-process StateStore, used only when no Redis is configured (the demo, a developer's machine). Single
 * use holds because JavaScript runs one take at a time; it is not shared between processes.
 */
export class MemoryStateStore implements StateStore {
  private readonly values: MemoryTtlMap<string>;

  constructor(clock: Clock = systemClock, bound?: MapBound) {
    this.values = new MemoryTtlMap(clock, bound);
  }

  async put(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.values.set(key, value, ttlMilliseconds(ttlSeconds));
  }

  async take(key: string): Promise<string | null> {
    const value = this.values.get(key);
    if (value === undefined) return null;
    this.values.delete(key);
    return value;
  }

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  async putIfAbsent(key: string, ttlSeconds: number, value = '1'): Promise<boolean> {
    const ttlMs = ttlMilliseconds(ttlSeconds);
    if (this.values.get(key) !== undefined) return false;
    this.values.set(key, value, ttlMs);
    return true;
  }

  /** Every live record, for the shared-store scan (memory-store-scan.ts). */
  live(): Array<{ key: string; value: string; remainingMs: number }> {
    return this.values.live();
  }
}
