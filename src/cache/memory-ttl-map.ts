import type { Clock } from '../core/clock';

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/** How many entries a map may hold, and who hears of a live entry evicted to keep it so. */
export interface MapBound {
  readonly maxEntries: number;
  readonly onEvict?: () => void;
}

const SWEEP_EVERY_WRITES = 500;
const SWEEP_BATCH = 2 * SWEEP_EVERY_WRITES;

/**
 * A map whose entries expire like Redis keys do (gone once `now >= expiresAt`), on an injected clock so tests
 * can travel in time. Expired entries are dropped when read and swept every few hundred writes, so a
 * long-running development process does not grow without bound. With a `bound`, a new key that finds the map
 * full evicts the oldest entry first (the first written: a Map keeps insertion order), and an evicted entry
 * that was still live is counted through `onEvict` (issue 11: peak memory under load).
 */
export class MemoryTtlMap<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private writes = 0;
  private cursor: MapIterator<[string, Entry<V>]> | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly bound?: MapBound,
  ) {}

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
    if (this.bound && this.entries.size >= this.bound.maxEntries && !this.entries.has(key))
      this.evictOldest();
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    if (++this.writes % SWEEP_EVERY_WRITES === 0) this.sweep();
  }

  /** Gives a live entry a new lifetime; false when there is none. */
  expire(key: string, ttlMs: number): boolean {
    if (this.get(key) === undefined) return false;
    this.entries.get(key)!.expiresAt = this.now() + ttlMs;
    return true;
  }

  /** Every live entry with the milliseconds it has left (a whole-map pass: for rare questions only). */
  live(): Array<{ key: string; value: V; remainingMs: number }> {
    const now = this.now();
    return [...this.entries]
      .filter(([, e]) => e.expiresAt > now)
      .map(([key, e]) => ({ key, value: e.value, remainingMs: e.expiresAt - now }));
  }

  delete(key: string): boolean {
    const live = this.get(key) !== undefined;
    this.entries.delete(key);
    return live;
  }

  clear(): void {
    this.entries.clear();
    this.cursor = undefined;
  }

  /**
   * Looks at the next SWEEP_BATCH entries, resuming where the last sweep stopped (a Map iterator stays valid
   * across deletes and sees later inserts): twice as many entries looked at as written, so every expired
   * entry is dropped within a bounded number of writes, without a whole-map pass under load.
   */
  private sweep(): void {
    const now = this.now();
    this.cursor ??= this.entries.entries();
    for (let i = 0; i < SWEEP_BATCH; i++) {
      const next = this.cursor.next();
      if (next.done) {
        this.cursor = undefined;
        return;
      }
      const [key, entry] = next.value;
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }

  /** Makes room for one entry: the oldest goes; counted only when it had not expired yet. */
  private evictOldest(): void {
    const now = this.now();
    while (this.entries.size >= this.bound!.maxEntries) {
      const oldest = this.entries.entries().next();
      if (oldest.done) return;
      const [key, entry] = oldest.value;
      this.entries.delete(key);
      if (entry.expiresAt > now) this.bound!.onEvict?.();
    }
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
