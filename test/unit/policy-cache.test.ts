import { systemClock } from '../../src/core/clock';
import type { PubSub } from '../../src/core/ports/pub-sub.port';
import { createLogger } from '../../src/logger';
import { MemoryPubSub } from '../../src/cache/memory-pub-sub';
import { PolicyCache } from '../../src/services/policy-cache';
import { defaultSettings } from '../../src/core/policy-settings';
import type { PolicySnapshot } from '../../src/store/policy-snapshot.repository';

const logger = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function source() {
  let mode: 'off' | 'enforce' = 'off';
  let loads = 0;
  const load = async (): Promise<PolicySnapshot> => {
    loads++;
    return {
      tenants: [{ id: '86', name: 'r', timeZone: 'Asia/Yekaterinburg' }],
      instances: [
        {
          id: 'i-86',
          tenantId: '86',
          displayName: 'i',
          signInUrl: 'https://diary.example/',
          settingsUrl: 'https://diary.example/settings',
        },
      ],
      policies: [
        {
          ...defaultSettings('Asia/Yekaterinburg'),
          mode,
          cutoverDate: '2026-09-01',
          id: '1',
          tenantId: '86',
          instanceId: null,
          version: 1,
          createdAt: new Date(),
          createdBy: 't',
        },
      ],
      bypasses: [],
      exemptions: [],
    };
  };
  return { load, set: (m: typeof mode) => (mode = m), loads: () => loads };
}

/** Redis is down: publishing fails and nothing arrives. */
const deadPubSub: PubSub = {
  publish: () => Promise.reject(new Error('redis down')),
  subscribe: () => Promise.reject(new Error('redis down')),
  onResubscribed: () => () => undefined,
};

describe('policy cache', () => {
  it('serves decisions from memory: no load per read', async () => {
    const s = source();
    const cache = new PolicyCache({
      load: s.load,
      pubsub: new MemoryPubSub(logger),
      clock: systemClock,
      logger,
      maxAgeMs: 10_000,
    });
    await cache.start();
    for (let i = 0; i < 100; i++) await cache.instanceScope('i-86');
    expect(s.loads()).toBe(1);
    await cache.stop();
  });

  it('a message on the channel makes another process reload at once', async () => {
    const s = source();
    const shared = new MemoryPubSub(logger);
    const other = new MemoryPubSub(logger, shared);
    const a = new PolicyCache({ load: s.load, pubsub: shared, clock: systemClock, logger, maxAgeMs: 60_000 });
    const b = new PolicyCache({ load: s.load, pubsub: other, clock: systemClock, logger, maxAgeMs: 60_000 });
    await Promise.all([a.start(), b.start()]);
    s.set('enforce');
    await a.announce('86');
    await sleep(20);
    expect((await b.instanceScope('i-86'))?.policy?.mode).toBe('enforce');
    await Promise.all([a.stop(), b.stop()]);
  });

  it('reads the policies again when its subscription is back after a break (a change announced meanwhile is lost)', async () => {
    const s = source();
    // A stand-in for Redis whose subscription breaks and comes back: no real connection can be cut here
    // (test/integration/linked-answers.test.ts cuts a real one); what is tested is the cache's answer to it.
    const resubscribed = new Set<() => void>();
    const breaking: PubSub = {
      publish: async () => undefined,
      subscribe: async () => async () => undefined,
      onResubscribed: (handler) => {
        resubscribed.add(handler);
        return () => void resubscribed.delete(handler);
      },
    };
    const cache = new PolicyCache({
      load: s.load,
      pubsub: breaking,
      clock: systemClock,
      logger,
      maxAgeMs: 60_000,
    });
    await cache.start();
    expect((await cache.instanceScope('i-86'))?.policy?.mode).toBe('off');
    s.set('enforce');
    for (const handler of resubscribed) handler();
    await sleep(20);
    expect((await cache.instanceScope('i-86'))?.policy?.mode).toBe('enforce');
    await cache.stop();
    expect(resubscribed.size).toBe(0);
  });

  it('with Redis down, a change still converges within the maximum age', async () => {
    const s = source();
    const cache = new PolicyCache({
      load: s.load,
      pubsub: deadPubSub,
      clock: systemClock,
      logger,
      maxAgeMs: 200,
    });
    await cache.start();
    expect((await cache.instanceScope('i-86'))?.policy?.mode).toBe('off');
    s.set('enforce');
    await sleep(210);
    expect((await cache.instanceScope('i-86'))?.policy?.mode).toBe('enforce');
    await cache.stop();
  });
});
