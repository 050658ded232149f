import { startEsiaEmulator } from '../../emulators/esia/esia-emulator.server';
import { serveBenchChild } from '../lib/bench-child';

/**
 * The ESIA emulator in its own process for the benchmarks, so that its CPU (token signing, client-secret checks,
 * pages) is counted apart from the gateway's. BENCH_REDIRECT_URIS: the callback addresses to register.
 */
serveBenchChild(async () => {
  const emulator = await startEsiaEmulator({
    host: '127.0.0.1',
    port: 0,
    redirectUris: (process.env.BENCH_REDIRECT_URIS ?? '').split(',').filter(Boolean),
  });
  return { url: emulator.url, facts: { gost: emulator.gostBackend }, close: () => emulator.close() };
});
