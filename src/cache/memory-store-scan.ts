import type { SharedStoreEntry, SharedStoreScan } from '../core/ports/shared-store-scan.port';
import type { MemorySessionStorage } from './memory-session-storage';
import type { MemoryStateStore } from './memory-state-store';

/**
 * The shared-store scan over the in-process stores, with Redis's key names (`sess:<id>`, `state:<key>`), so
 * the same sources of personal records work on both.
 */
export class MemoryStoreScan implements SharedStoreScan {
  constructor(
    private readonly sessions: MemorySessionStorage,
    private readonly state: MemoryStateStore,
  ) {}

  async *entries(prefix: string): AsyncIterable<SharedStoreEntry> {
    const areas = [
      { name: 'sess:', live: () => this.sessions.live() },
      { name: 'state:', live: () => this.state.live() },
    ];
    for (const area of areas)
      for (const e of area.live()) {
        const key = area.name + e.key;
        if (key.startsWith(prefix)) yield { key, value: e.value, ttlMs: e.remainingMs };
      }
  }

  async delete(key: string): Promise<void> {
    if (key.startsWith('sess:')) await this.sessions.destroy(key.slice('sess:'.length));
    else if (key.startsWith('state:')) await this.state.delete(key.slice('state:'.length));
  }
}
