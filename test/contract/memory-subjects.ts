import { createLogger } from '../../src/logger';
import { MemoryPubSub } from '../../src/cache/memory-pub-sub';
import { MemoryRateLimiter } from '../../src/cache/memory-rate-limiter';
import { MemorySessionStorage } from '../../src/cache/memory-session-storage';
import { MemoryStateStore } from '../../src/cache/memory-state-store';
import { MemoryStoreScan } from '../../src/cache/memory-store-scan';
import { GatewaySessionStore } from '../../src/cache/session-store';
import {
  describePubSubContract,
  describeRateLimiterContract,
  describeSessionStoreContract,
  describeSharedStoreScanContract,
  describeStateStoreContract,
  manualTime,
} from './cache-contract';

/** Runs every cache contract on the in-process stores, on a hand-moved clock. */
export function describeMemoryCacheContracts(label: string): void {
  const logger = createLogger({ level: 'silent' });

  describeStateStoreContract(label, async () => {
    const time = manualTime();
    return { subject: new MemoryStateStore(time.clock), time };
  });

  describeRateLimiterContract(label, async () => {
    const time = manualTime();
    const stateStore = new MemoryStateStore(time.clock);
    return {
      subject: { limiter: new MemoryRateLimiter(time.clock, undefined, stateStore), stateStore },
      time,
    };
  });

  describePubSubContract(label, async () => {
    const a = new MemoryPubSub(logger);
    return { subject: { a, b: new MemoryPubSub(logger, a) }, time: manualTime() };
  });

  describeSessionStoreContract(label, async ({ idleSeconds }) => {
    const time = manualTime();
    const storage = new MemorySessionStorage(time.clock);
    return { subject: new GatewaySessionStore(storage, { idleSeconds, clock: time.clock }), time };
  });

  describeSharedStoreScanContract(label, async () => {
    const time = manualTime();
    const sessions = new MemorySessionStorage(time.clock);
    const state = new MemoryStateStore(time.clock);
    return { subject: { scan: new MemoryStoreScan(sessions, state), sessions, state }, time };
  });
}
