import { demoClient } from '../../emulators/esia/esia-emulator.options';
import { startEsiaEmulator, type EsiaEmulator } from '../../emulators/esia/esia-emulator.server';
import { createCache, type Cache } from '../../src/cache';
import { FixedClock } from '../../src/core/clock';
import { createEsia, ESIA_CALLBACK_PATH } from '../../src/esia/create-esia';
import { randomBytes } from 'node:crypto';
import {
  cachedVendorKeys,
  canonicalRequest,
  signCanonical,
  vendorAuthentication,
} from '../../src/http/vendor-api/vendor-auth.middleware';
import { fromRoot } from '../../src/paths';
import type { CutoverFeature } from '../../src/services/cutover-feature';
import {
  readDemoVendorCredentials,
  type DemoVendorCredential,
} from '../../src/services/demo-vendor-credentials';
import type { PolicySettings } from '../../src/core/policy-settings';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { capturedLogger, listenLate, policySetter, seedDemoKeys, startCutoverFeature } from './gateway-parts';
import { buildTestApp, type LogCapture, testConfig } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * The gateway as the browser and an attacker meet it: the real app in-process on a free port, real PostgreSQL
 * (config/ loaded, demo vendor keys seeded), the shared store (Redis when REDIS_URL is set), ESIA sign-in
 * against the ESIA emulator (also on a free port), the cutover feature with the vendor API and /info, and a
 * clock the test moves. The journeys are not mounted here: their suites use test/support/journey-harness.ts.
 */
export interface FullGateway {
  url: string;
  esia: EsiaEmulator;
  clock: FixedClock;
  db: TestDatabase;
  cache: Cache;
  cutover: CutoverFeature;
  logs: LogCapture;
  /** The demo vendor keys of config/demo-vendor-credentials.json, by instance id. */
  keys: Record<string, DemoVendorCredential>;
  /** Replaces the region's policy (defaults for its time zone + `change`) and tells the cache. */
  setPolicy(tenantId: string, timeZone: string, change: Partial<PolicySettings>): Promise<void>;
  /** A vendor API call signed with the instance's demo key (docs/vendor-api.md), as a diary backend makes it. */
  vendorFetch(instanceId: string, method: string, path: string, body?: string): Promise<Response>;
  close(): Promise<void>;
}

/** Starts everything; `env` overrides configuration (e.g. PUBLIC_URL for TLS, rate limits). */
export async function startFullGateway(
  options: { env?: Record<string, string>; at?: Date } = {},
): Promise<FullGateway> {
  const server = await listenLate();
  const url = server.url;
  const publicUrl = options.env?.['PUBLIC_URL'] ?? url;
  const clock = new FixedClock(options.at ?? new Date());
  const db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
  const esia = await startEsiaEmulator({
    clients: [{ ...demoClient([publicUrl + ESIA_CALLBACK_PATH, url + ESIA_CALLBACK_PATH]) }],
  });
  const config = testConfig({
    PUBLIC_URL: url,
    ESIA_BASE_URL: esia.url,
    ESIA_TIMEOUT_MS: '2000',
    ...options.env,
  });
  const { logs, logger } = capturedLogger();
  const cache = createCache({ ...config, clock }, logger);
  const demo = await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'));
  const credentials = await seedDemoKeys(
    db,
    config,
    demo,
    demo.map((k) => k.instanceId),
  );
  const cutover = await startCutoverFeature({ db, cache, clock, logger, config });
  const esiaClient = await createEsia(config, { stateStore: cache.stateStore, clock, logger });
  const vendorAuth = vendorAuthentication({
    keys: cachedVendorKeys({ find: (id) => credentials.findVendorKey(id) }, clock),
    stateStore: cache.stateStore,
    clock,
  });
  const { app } = buildTestApp({
    config,
    clock,
    logger,
    sessionStore: cache.sessionStore,
    esia: esiaClient,
    cutover,
    vendorAuth,
  });
  server.mount(app);
  const setPolicy = policySetter(db, cutover, clock);
  return {
    url,
    esia,
    clock,
    db,
    cache,
    cutover,
    logs,
    keys: Object.fromEntries(demo.map((k) => [k.instanceId, k])),
    setPolicy,
    async vendorFetch(instanceId, method, path, body) {
      const key = demo.find((k) => k.instanceId === instanceId)!;
      return signedVendorFetch(url, key, clock.now(), method, path, body);
    },
    async close() {
      await server.close();
      await esia.close();
      await esiaClient.signer.close();
      await cutover.stop();
      await cache.close();
      await db.drop();
    },
  };
}

/** A vendor API call to the gateway at `url`, signed with `key` at `now`; a body is sent as JSON. */
export function signedVendorFetch(
  url: string,
  key: { keyId: string; secret: string },
  now: Date,
  method: string,
  path: string,
  body?: string,
): Promise<Response> {
  const headers = vendorHeaders(key, method, path, body ?? '', now);
  return fetch(`${url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body }),
  });
}

/** The four X-ELG-* headers of a signed vendor request (a fresh nonce each time). */
export function vendorHeaders(
  key: { keyId: string; secret: string },
  method: string,
  pathWithQuery: string,
  body: string,
  now: Date,
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = randomBytes(16).toString('base64url');
  const canonical = canonicalRequest({ method, pathWithQuery, timestamp, nonce, body: Buffer.from(body) });
  return {
    'x-elg-key-id': key.keyId,
    'x-elg-timestamp': timestamp,
    'x-elg-nonce': nonce,
    'x-elg-signature': signCanonical(key.secret, canonical),
  };
}
