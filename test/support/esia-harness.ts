import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEsiaEmulator, type EsiaEmulator } from '../../emulators/esia/esia-emulator.server';
import { demoClient } from '../../emulators/esia/esia-emulator.options';
import { createCache } from '../../src/cache';
import { FixedClock } from '../../src/core/clock';
import { createEsia, ESIA_CALLBACK_PATH } from '../../src/esia/create-esia';
import { createLogger } from '../../src/logger';
import { buildTestApp, LogCapture, testConfig } from './test-app';

const KEYS = 'emulators/fixtures/keys';

/** The gateway app on a real port and an ESIA emulator that knows its callback, sharing nothing but HTTP. */
export interface EsiaHarness {
  gatewayUrl: string;
  emulator: EsiaEmulator;
  clock: FixedClock;
  logs: LogCapture;
  close(): Promise<void>;
}

/** Starts both; `certificates` names the emulator key files the gateway trusts (default: GOST 2026 and 2027). */
export async function startEsiaHarness(
  options: { certificates?: string[]; env?: Record<string, string>; requireConfirmedAccount?: boolean } = {},
): Promise<EsiaHarness> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clock = new FixedClock(new Date());
  const client = demoClient([gatewayUrl + ESIA_CALLBACK_PATH]);
  const emulator = await startEsiaEmulator({
    clients: [{ ...client, requireConfirmedAccount: options.requireConfirmedAccount ?? false }],
  });
  const files = (options.certificates ?? ['esia-gost-2026', 'esia-gost-2027']).map(
    (n) => `${KEYS}/${n}.crt.pem`,
  );
  const config = testConfig({
    PUBLIC_URL: gatewayUrl,
    ESIA_BASE_URL: emulator.url,
    ESIA_CERTIFICATE_FILES: files.join(','),
    ESIA_TIMEOUT_MS: '2000',
    ...options.env,
  });
  const logs = new LogCapture();
  const logger = createLogger({ level: 'info', destination: logs });
  const cache = createCache({ ...config, clock }, logger);
  const esia = await createEsia(config, { stateStore: cache.stateStore, clock, logger });
  const { app } = buildTestApp({ config, clock, logger, sessionStore: cache.sessionStore, esia });
  handler = app as unknown as typeof handler;
  return {
    gatewayUrl,
    emulator,
    clock,
    logs,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.close();
      await esia.signer.close();
      await cache.close();
    },
  };
}
