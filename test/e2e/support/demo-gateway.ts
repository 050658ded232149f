import {
  startDnevnikEmulator,
  type DnevnikEmulator,
} from '../../../emulators/dnevnik/dnevnik-emulator.server';
import { demoClient } from '../../../emulators/esia/esia-emulator.options';
import { startEsiaEmulator, type EsiaEmulator } from '../../../emulators/esia/esia-emulator.server';
import {
  startSetevoyRegionEmulator,
  type SetevoyEmulator,
} from '../../../emulators/setevoy-region/setevoy-emulator.server';
import { createCache, type Cache } from '../../../src/cache';
import { FixedClock } from '../../../src/core/clock';
import { createEsia, ESIA_CALLBACK_PATH } from '../../../src/esia/create-esia';
import { vendorAuthentication } from '../../../src/http/vendor-api/vendor-auth.middleware';
import { fromRoot } from '../../../src/paths';
import type { CutoverFeature } from '../../../src/services/cutover-feature';
import {
  readDemoVendorCredentials,
  type DemoVendorCredential,
} from '../../../src/services/demo-vendor-credentials';
import { DiaryDirectory } from '../../../src/services/diary-directory';
import { applyBootstrapConfig, readBootstrapConfig } from '../../../src/store/bootstrap-config';
import { OperatorsRepository } from '../../../src/store/operators.repository';
import type { PolicySettings } from '../../../src/services/policy-settings';
import { createPersonData } from '../../../src/person-data-feature';
import { signedVendorFetch } from '../../support/full-gateway';
import {
  capturedLogger,
  journeyDepsFor,
  listenLate,
  policySetter,
  seedDemoKeys,
  startCutoverFeature,
} from '../../support/gateway-parts';
import { buildTestApp, type LogCapture, testConfig } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The demo as `npm start` builds it, for the browser journeys: config/ (tenants, instances with their display
 * names, demo vendor keys) in a real PostgreSQL, the ESIA emulator and the Дневник.ру and «Сетевой Регион»
 * emulators on free ports (each instance's base URL and return allow-list moved to its emulator's port), and
 * the gateway with everything mounted: journeys, cutover policy, /info, the operators' console, the vendor API.
 * The clock is the test's.
 */
export interface DemoGateway {
  url: string;
  esia: EsiaEmulator;
  dnevnik: DnevnikEmulator;
  setevoy: SetevoyEmulator;
  clock: FixedClock;
  db: TestDatabase;
  cutover: CutoverFeature;
  logs: LogCapture;
  /** As an administrator does with `npm run ops -- grant …`: puts an ESIA person on the operators list. */
  grantOperator(esiaOid: string, displayName: string, tenantIds: string[]): Promise<void>;
  /** The region's policy as an operator left it earlier (defaults for its time zone + `change`). */
  setPolicy(tenantId: string, timeZone: string, change: Partial<PolicySettings>): Promise<void>;
  /** A vendor API call signed with the instance's demo key, as a diary backend makes it. */
  vendorFetch(instanceId: string, method: string, path: string, body?: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startDemoGateway(): Promise<DemoGateway> {
  const server = await listenLate();
  const url = server.url;
  const clock = new FixedClock(new Date());
  const demo: DemoVendorCredential[] = await readDemoVendorCredentials(
    fromRoot('config/demo-vendor-credentials.json'),
  );
  const key = (id: string) => {
    const k = demo.find((d) => d.instanceId === id)!;
    return { url, instanceId: k.instanceId, keyId: k.keyId, secret: k.secret };
  };
  const [db, esia, dnevnik, setevoy] = await Promise.all([
    createTestDatabase(),
    startEsiaEmulator({ clients: [{ ...demoClient([url + ESIA_CALLBACK_PATH]) }] }),
    startDnevnikEmulator({ port: 0, gateway: key('dnevnik-86') }),
    startSetevoyRegionEmulator({ port: 0, gateway: key('setevoy-38') }),
  ]);
  const emulated: Record<string, string> = { 'dnevnik-86': dnevnik.url, 'setevoy-38': setevoy.url };
  const bootstrap = await readBootstrapConfig(fromRoot('config'));
  const instances = bootstrap.instances
    .filter((i) => emulated[i.id])
    .map((i) => ({ ...i, baseUrl: emulated[i.id]!, returnUrlAllowlist: [emulated[i.id]!] }));
  await applyBootstrapConfig(db.dataSource, { ...bootstrap, instances });

  const config = testConfig({ PUBLIC_URL: url, ESIA_BASE_URL: esia.url, ESIA_TIMEOUT_MS: '2000' });
  const { logs, logger } = capturedLogger();
  const credentials = await seedDemoKeys(db, config, demo, Object.keys(emulated));
  const cache: Cache = createCache({ ...config, clock }, logger);
  const diaries = await DiaryDirectory.load(db.dataSource, { env: {}, logger, clock, timeoutMs: 2000 });
  const cutover = await startCutoverFeature({
    db,
    cache,
    clock,
    logger,
    config,
    profiles: (instanceId, userId) => diaries.get(instanceId).adapter.getProfile(userId),
  });
  const esiaClient = await createEsia(config, { stateStore: cache.stateStore, clock, logger });
  const journeys = journeyDepsFor({
    db,
    cache,
    clock,
    config,
    diaries,
    onlyWayIn: (instanceId, userId) => cutover.esiaIsOnlyWayIn(instanceId, userId),
  });
  const { app } = buildTestApp({
    config,
    clock,
    logger,
    sessionStore: cache.sessionStore,
    esia: esiaClient,
    cutover,
    journeys,
    personData: createPersonData({ dataSource: db.dataSource, cache, clock, config }),
    vendorAuth: vendorAuthentication({
      keys: { find: (keyId) => credentials.findVendorKey(keyId) },
      stateStore: cache.stateStore,
      clock,
    }),
  });
  server.mount(app);
  const operators = new OperatorsRepository(db.dataSource);
  const setPolicy = policySetter(db, cutover, clock, {
    actor: 'earlier operator',
    reason: 'the date announced earlier',
  });

  return {
    url,
    esia,
    dnevnik,
    setevoy,
    clock,
    db,
    cutover,
    logs,
    async grantOperator(esiaOid, displayName, tenantIds) {
      await operators.grant({ esiaOid, displayName, role: 'editor', tenantIds }, { actor: 'test' });
    },
    setPolicy,
    async vendorFetch(instanceId, method, path, body) {
      return signedVendorFetch(url, key(instanceId), clock.now(), method, path, body);
    },
    async close() {
      await server.close();
      await Promise.all([esia.close(), dnevnik.close(), setevoy.close()]);
      await esiaClient.signer.close();
      await cutover.stop();
      await cache.close();
      await db.drop();
    },
  };
}
