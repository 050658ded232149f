import { startDnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { serveBenchChild } from '../lib/bench-child';
import { demoVendorKey } from '../lib/vendor-request';

/**
 * The Дневник.ру emulator in its own process for the link bench, calling the gateway at BENCH_GATEWAY_URL with
 * the demo vendor key of dnevnik-86, so that its CPU is counted apart from the gateway's.
 */
serveBenchChild(async () => {
  const emulator = await startDnevnikEmulator({
    port: 0,
    gateway: { url: process.env.BENCH_GATEWAY_URL ?? '', ...demoVendorKey('dnevnik-86') },
  });
  return { url: emulator.url, facts: {}, close: () => emulator.close() };
});
