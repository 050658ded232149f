import { loadConfig } from '../../src/config';
import { createCache } from '../../src/cache';
import { createLogger } from '../../src/logger';
import { describeMemoryCacheContracts } from './memory-subjects';

describeMemoryCacheContracts('in-process');

describe('createCache', () => {
  it('without REDIS_URL builds the in-process stores from the validated configuration itself', async () => {
    const loaded = loadConfig({ NODE_ENV: 'test' });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const cache = createCache(loaded.config, createLogger({ level: 'silent' }));
    expect(cache.kind).toBe('memory');
    expect(await cache.ready()).toBe(true);
    await cache.stateStore.put('k', 'v', 10);
    expect(await cache.stateStore.take('k')).toBe('v');
    await cache.close();
  });
});
