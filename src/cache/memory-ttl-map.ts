import type { Clock } from '../core/clock';

interface Entry<V> {
  value: V;
  expiresAt: number;
}

const SWEEP_EVERY_WRITES = 500;

/**
 * A map whose entries expire like Redis keys do (gone once `now >= expiresAt`), on an injected clock so tests
 * can travel in time. Expired entries are dropped when read and swept every few hundred writes, so a
 * long-running development process does not grow without bound.
 */
export class MemoryTtlMap<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private writes = 0;

  constructor(private readonly clock: Clock) {}

  /** The live value, or undefined. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Milliseconds until `key` expires, or undefined when it is not live. */
  remainingMs(key: string): number | undefined {
    return this.get(key) === undefined ? undefined : this.entries.get(key)!.expiresAt - this.now();
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    if (++this.writes % SWEEP_EVERY_WRITES === 0) this.sweep();
  }

  /** Gives a live entry a new lifetime; false when there is none. */
  expire(key: string, ttlMs: number): boolean {
    if (this.get(key) === undefined) return false;
    this.entries.get(key)!.expiresAt = this.now() + ttlMs;
    return true;
  }

  delete(key: string): boolean {
    const live = this.get(key) !== undefined;
    this.entries.delete(key);
    return live;
  }

  clear(): void {
    this.entries.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
