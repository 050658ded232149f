import { startDnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { demoOidcClientSecret } from '../../emulators/shared/demo-oidc-credentials';
import { serveBenchChild } from '../lib/bench-child';

/**
 * The Дневник.ру emulator in its own process for the benches: an OpenID client of the gateway at
 * BENCH_GATEWAY_URL as instance dnevnik-86 (the demo client secret), so that its CPU is counted apart.
 */
serveBenchChild(async () => {
  const emulator = await startDnevnikEmulator({
    port: 0,
    gateway: {
      url: process.env.BENCH_GATEWAY_URL ?? '',
      instanceId: 'dnevnik-86',
      oidc: { clientSecret: demoOidcClientSecret('dnevnik-86') },
    },
  });
  return { url: emulator.url, facts: {}, close: () => emulator.close() };
});
