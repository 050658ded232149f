import 'reflect-metadata';
import { loadConfig } from '../../src/config';
import { startGateway } from '../../src/gateway';
import { isGostEngineLoaded } from '../../src/esia/signers';
import { applyHeapGrowth } from '../../src/heap-growth';
import { createLogger } from '../../src/logger';
import { serveBenchChild } from '../lib/bench-child';

/**
 * The gateway for the benchmarks: what src/main.ts starts (startGateway with the configuration from the
 * environment, logging JSON lines to stdout), in its own process so that its CPU is read apart from the
 * driver's and the emulator's. The emulators are never started here (EMULATORS=false).
 */
serveBenchChild(async () => {
  const loaded = loadConfig({ ...process.env, EMULATORS: 'false' });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const config = loaded.config;
  applyHeapGrowth(config.heapGrowingPercent);
  const logger = createLogger({ level: config.logLevel });
  const gateway = await startGateway(config, logger);
  return {
    url: gateway.url,
    facts: {
      postgres: config.databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL',
      store: gateway.cache.kind === 'redis' ? 'Redis (REDIS_URL)' : 'in-process store',
      signer: config.esiaSigner === 'auto' ? (isGostEngineLoaded() ? 'engine' : 'js') : config.esiaSigner,
      // Where the driver reaches the same database (the embedded one's address is known only here).
      databaseUrl: String((gateway.dataSource.options as { url?: string }).url ?? ''),
    },
    close: async () => {
      await gateway.stop({ immediate: true });
    },
  };
});
