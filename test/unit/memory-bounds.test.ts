import { FixedClock } from '../../src/core/clock';
import { MemoryRateLimiter } from '../../src/cache/memory-rate-limiter';
import { MemoryStateStore } from '../../src/cache/memory-state-store';
import { MemoryTtlMap } from '../../src/cache/memory-ttl-map';

/**
 * The in-process store's maps are bounded (issue 11, item 4): a new key that finds a map full evicts the oldest
 * entry first, and each eviction of an entry that was still live is counted (elg_memory_evictions_total).
 */
describe('bounded in-process maps', () => {
  const start = new Date('2026-12-07T10:00:00Z');

  it('keeps at most maxEntries, evicting the oldest first, and counts live evictions', () => {
    const clock = new FixedClock(start);
    let evicted = 0;
    const map = new MemoryTtlMap<number>(clock, { maxEntries: 3, onEvict: () => evicted++ });
    for (let i = 0; i < 5; i++) map.set(`k${i}`, i, 60_000);
    expect(map.live().map((e) => e.key)).toEqual(['k2', 'k3', 'k4']);
    expect(evicted).toBe(2);
    // Rewriting a key that is there evicts nothing.
    map.set('k3', 33, 60_000);
    expect(map.live().map((e) => e.key)).toEqual(['k2', 'k3', 'k4']);
    expect(evicted).toBe(2);
  });

  it('does not count an expired entry it drops to make room', () => {
    const clock = new FixedClock(start);
    let evicted = 0;
    const map = new MemoryTtlMap<number>(clock, { maxEntries: 2, onEvict: () => evicted++ });
    map.set('old', 1, 1000);
    map.set('live', 2, 60_000);
    clock.advance(2000);
    map.set('new', 3, 60_000);
    expect(evicted).toBe(0);
    expect(map.live().map((e) => e.key)).toEqual(['live', 'new']);
  });

  it('a nonce store at its bound forgets the oldest nonce first (and says so through the counter)', async () => {
    let evicted = 0;
    const store = new MemoryStateStore(new FixedClock(start), { maxEntries: 2, onEvict: () => evicted++ });
    expect(await store.putIfAbsent('n1', 600)).toBe(true);
    expect(await store.putIfAbsent('n2', 600)).toBe(true);
    expect(await store.putIfAbsent('n1', 600)).toBe(false);
    expect(await store.putIfAbsent('n3', 600)).toBe(true);
    expect(evicted).toBe(1);
    expect(await store.putIfAbsent('n2', 600)).toBe(false);
    expect(await store.putIfAbsent('n1', 600)).toBe(true);
  });

  it('a rate limiter at its bound still counts the keys it holds', async () => {
    let evicted = 0;
    const limiter = new MemoryRateLimiter(new FixedClock(start), { maxEntries: 2, onEvict: () => evicted++ });
    const rule = { limit: 2, windowSeconds: 60 };
    await limiter.hit('a', rule);
    await limiter.hit('b', rule);
    await limiter.hit('b', rule);
    expect((await limiter.hit('b', rule)).allowed).toBe(false);
    await limiter.hit('c', rule);
    expect(evicted).toBe(1);
    expect((await limiter.hit('b', rule)).allowed).toBe(false);
  });
});
