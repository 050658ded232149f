import { randomBytes } from 'node:crypto';
import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import {
  startSetevoyRegionEmulator,
  type SetevoyEmulator,
} from '../../emulators/setevoy-region/setevoy-emulator.server';
import { createCache, type Cache } from '../../src/cache';
import { FixedClock } from '../../src/core/clock';
import { cachedVendorKeys, vendorAuthentication } from '../../src/http/vendor-api/vendor-auth.middleware';
import { fromRoot } from '../../src/paths';
import type { CutoverFeature } from '../../src/services/cutover-feature';
import { readDemoVendorCredentials } from '../../src/services/demo-vendor-credentials';
import { DiaryDirectory } from '../../src/services/diary-directory';
import type { PolicySettings } from '../../src/core/policy-settings';
import type { ProviderHost } from '../../src/provider/provider-host';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import {
  capturedLogger,
  diaryClientRegistration,
  journeysFor,
  listenLate,
  policySetter,
  seedDemoKeys,
  startCutoverFeature,
} from './gateway-parts';
import { buildTestApp, type LogCapture, testConfig } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * The gateway-hosted diary password sign-in over real HTTP: the app in-process on a free port with the journeys,
 * the OpenID Provider they end in and the cutover feature, a real PostgreSQL (config/ loaded: regions 86 and 38),
 * and the Дневник.ру and «Сетевой Регион» emulators (instances dnevnik-86 and setevoy-38, registered at the
 * provider with their emulators' callbacks and the demo client secrets). One fixed clock for all of them, so
 * that a test's dates and ages are the same everywhere.
 */
export interface PasswordSignInHarness {
  gatewayUrl: string;
  dnevnik: DnevnikEmulator;
  setevoy: SetevoyEmulator;
  db: TestDatabase;
  cache: Cache;
  clock: FixedClock;
  cutover: CutoverFeature;
  logs: LogCapture;
  provider: ProviderHost;
  /** The demo diaries' OpenID client secrets, by instance. */
  oidcSecrets: Record<string, string>;
  /** Replaces the region's policy (its defaults + `change`) and tells the cache. */
  setPolicy(tenantId: '86' | '38', change: Partial<PolicySettings>): Promise<void>;
  close(): Promise<void>;
}

const ZONES = { '86': 'Asia/Yekaterinburg', '38': 'Asia/Irkutsk' } as const;

/** Starts everything at `at`. */
export async function startPasswordSignInHarness(at: Date): Promise<PasswordSignInHarness> {
  const server = await listenLate();
  const gatewayUrl = server.url;
  const clock = new FixedClock(at);
  const db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
  const demo = await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'));
  const key = (id: string) => demo.find((k) => k.instanceId === id)!;

  const dnevnik = await startDnevnikEmulator({
    port: 0,
    clock,
    gateway: { url: gatewayUrl, ...key('dnevnik-86') },
  });
  const setevoy = await startSetevoyRegionEmulator({
    port: 0,
    clock,
    gateway: { url: gatewayUrl, instanceId: 'setevoy-38' },
  });
  for (const [id, url] of [
    ['dnevnik-86', dnevnik.url],
    ['setevoy-38', setevoy.url],
  ] as const)
    await db.dataSource.query(`UPDATE diary_instances SET base_url = $2, oidc_client = $3 WHERE id = $1`, [
      id,
      url,
      JSON.stringify(diaryClientRegistration(url)),
    ]);
  await db.dataSource.query(`UPDATE diary_instances SET enabled = false WHERE id = 'cop-86'`);

  // A prefix of its own: with REDIS_URL the rate-limit counters must not meet other suites' counters.
  const config = testConfig({
    PUBLIC_URL: gatewayUrl,
    REDIS_KEY_PREFIX: `elg-pw-${randomBytes(4).toString('hex')}:`,
  });
  const { logs, logger } = capturedLogger();
  const credentials = await seedDemoKeys(db, config, demo, ['dnevnik-86', 'setevoy-38']);
  const cache = createCache({ ...config, clock }, logger);
  const diaries = await DiaryDirectory.load(db.dataSource, { env: {}, logger, clock, timeoutMs: 2000 });
  const cutover = await startCutoverFeature({
    db,
    cache,
    clock,
    logger,
    config,
    // As in src/gateway.ts: the vendor sends no birth date here, so the decision asks the diary.
    profiles: (instanceId, userId) => diaries.get(instanceId).adapter.getProfile(userId),
  });
  const { deps: journeys, provider } = await journeysFor({
    db,
    cache,
    clock,
    config,
    diaries,
    logger,
    demo,
    onlyWayIn: (instanceId, userId) => cutover.esiaIsOnlyWayIn(instanceId, userId),
  });
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
    journeys,
    provider,
    cutover,
    vendorAuth,
  });
  server.mount(app);
  const setPolicy = policySetter(db, cutover, clock);

  return {
    gatewayUrl,
    dnevnik,
    setevoy,
    db,
    cache,
    clock,
    cutover,
    logs,
    provider,
    oidcSecrets: Object.fromEntries(
      demo.flatMap((d) => (d.oidcClientSecret ? [[d.instanceId, d.oidcClientSecret]] : [])),
    ),
    setPolicy: (tenantId, change) => setPolicy(tenantId, ZONES[tenantId], change),
    async close() {
      await provider.stop();
      await server.close();
      await Promise.all([dnevnik.close(), setevoy.close()]);
      await cutover.stop();
      await cache.close();
      await db.drop();
    },
  };
}
