import { startCopHmaoEmulator, type CopHmaoEmulator } from '../../../emulators/cop-hmao/cop-emulator.server';
import { demoClientKeyFile, readClientKey } from '../../../emulators/cop-hmao/gateway.client';
import {
  startEljurEmulator,
  type EljurEmulator,
} from '../../../emulators/diary-api/diary-api-emulator.server';
import {
  startDnevnikEmulator,
  type DnevnikEmulator,
} from '../../../emulators/dnevnik/dnevnik-emulator.server';
import type { DnevnikData } from '../../../emulators/dnevnik/dnevnik.fixture';
import { demoClient } from '../../../emulators/esia/esia-emulator.options';
import { startEsiaEmulator, type EsiaEmulator } from '../../../emulators/esia/esia-emulator.server';
import {
  startSetevoyRegionEmulator,
  type SetevoyEmulator,
} from '../../../emulators/setevoy-region/setevoy-emulator.server';
import { createCache, type Cache } from '../../../src/cache';
import type { Clock } from '../../../src/core/clock';
import { createEsia, ESIA_CALLBACK_PATH } from '../../../src/esia/create-esia';
import { vendorAuthentication } from '../../../src/http/vendor-api/vendor-auth.middleware';
import { fromRoot } from '../../../src/paths';
import type { ProviderHost } from '../../../src/provider/provider-host';
import { AccessRequestStatusWorker } from '../../../src/services/access-request-status-worker';
import type { CutoverFeature } from '../../../src/services/cutover-feature';
import {
  readDemoVendorCredentials,
  type DemoVendorCredential,
} from '../../../src/services/demo-vendor-credentials';
import { readDemoLinks, seedDemoState } from '../../../src/services/demo-seed';
import { DiaryDirectory } from '../../../src/services/diary-directory';
import { OutboxWorker } from '../../../src/services/outbox-worker';
import type { PolicySettings } from '../../../src/core/policy-settings';
import { AccessRequestSyncRepository } from '../../../src/store/access-request-sync.repository';
import { AccessRequestsRepository } from '../../../src/store/access-requests.repository';
import {
  applyBootstrapConfig,
  readBootstrapConfig,
  type InstanceConfig,
} from '../../../src/store/bootstrap-config';
import { LinksRepository } from '../../../src/store/links.repository';
import { OperatorsRepository } from '../../../src/store/operators.repository';
import { createPersonData } from '../../../src/person-data-feature';
import { createMetrics, type Metrics } from '../../../src/http/metrics';
import { activityMetric, ActivityRecorder } from '../../../src/services/activity-recorder';
import { ActivityCountsRepository } from '../../../src/store/activity-counts.repository';
import { signedVendorFetch } from '../../support/full-gateway';
import {
  capturedLogger,
  journeysFor,
  listenLate,
  policySetter,
  seedDemoKeys,
  startCutoverFeature,
} from '../../support/gateway-parts';
import { buildTestApp, type LogCapture, testConfig } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The demo's clock: real time, running on from wherever a test sets it. A clock that stood still would soon
 * fall behind the ESIA emulator's tokens (issued at the real time) and refuse them as not yet valid.
 */
export class RunningClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  /** From now on the clock reads `at`, and runs on from there. */
  set(at: Date): void {
    this.offset = at.getTime() - Date.now();
  }
  /** Back to the real time. */
  reset(): void {
    this.offset = 0;
  }
}

/**
 * The demo as `npm start` builds it, for the browser journeys: config/ (regions, the three diary instances with
 * their display names and their registrations at the OpenID Provider, the demo vendor keys) in a real
 * PostgreSQL; the ESIA emulator; the Дневник.ру, «Сетевой Регион» and ЦОП emulators on free ports, each an
 * OpenID client of the gateway with its demo credential (each instance's addresses in config/ moved to its
 * emulator's port); and the gateway with everything mounted: the provider and its interactions, the journeys,
 * the cutover policy, /info, the operators' console, the vendor API. The outbox and access-request status
 * workers do not poll: tests run them once. The clock runs with real time from where the test sets it.
 */
export interface DemoGateway {
  url: string;
  esia: EsiaEmulator;
  dnevnik: DnevnikEmulator;
  setevoy: SetevoyEmulator;
  cop: CopHmaoEmulator;
  /** The fourth diary (eljur-39): the published diary API, in config/ alone. */
  eljur: EljurEmulator;
  clock: RunningClock;
  db: TestDatabase;
  cutover: CutoverFeature;
  provider: ProviderHost;
  logs: LogCapture;
  /** Hands the outbox to the vendors once (access requests, link notices). */
  outbox: Pick<OutboxWorker, 'runOnce'>;
  /** The gateway's poll of the vendors' access-request outcomes, once. */
  requestStatus: Pick<AccessRequestStatusWorker, 'runOnce'>;
  /** The demo diaries' OpenID client secrets (config/demo-vendor-credentials.json), by instance. */
  clientSecrets: Record<string, string>;
  /** A link the person made on an earlier day (as flow A writes it), for a test that starts later in the story. */
  linkedEarlier(instanceId: string, userId: string, esiaOid: string): Promise<void>;
  /** As an administrator does with `npm run ops -- grant …`: puts an ESIA person on the operators list. */
  grantOperator(esiaOid: string, displayName: string, tenantIds: string[]): Promise<void>;
  /** The region's policy as an operator left it earlier (defaults for its time zone + `change`). */
  setPolicy(tenantId: string, timeZone: string, change: Partial<PolicySettings>): Promise<void>;
  /** A vendor API call signed with the instance's demo key, as a diary backend makes it. */
  vendorFetch(instanceId: string, method: string, path: string, body?: string): Promise<Response>;
  /** The registry /metrics serves (src/http/metrics-server.ts), with the console's counters. */
  metrics: Metrics;
  /** The console's counters as the gateway wires them (src/gateway.ts); `flush()` writes them now. */
  activity: ActivityRecorder;
  close(): Promise<void>;
}

/** `url` with its origin replaced by `origin` (config/ names the demo ports 4101–4103). */
const moved = (url: string, origin: string) => {
  const u = new URL(url);
  return `${origin}${u.pathname === '/' ? '/' : u.pathname}${u.search}`;
};

/** The instance of config/ with every address of the diary (base, OpenID registration) at `origin`. */
function atEmulator(instance: InstanceConfig, origin: string): InstanceConfig {
  const oidc = instance.oidc;
  return {
    ...instance,
    baseUrl: origin,
    ...(oidc
      ? {
          oidc: {
            ...oidc,
            redirectUris: oidc.redirectUris.map((u) => moved(u, origin)),
            postLogoutRedirectUris: oidc.postLogoutRedirectUris.map((u) => moved(u, origin)),
            ...(oidc.backchannelLogoutUri
              ? { backchannelLogoutUri: moved(oidc.backchannelLogoutUri, origin) }
              : {}),
            ...(oidc.signInUrl ? { signInUrl: moved(oidc.signInUrl, origin) } : {}),
            ...(oidc.settingsUrl ? { settingsUrl: moved(oidc.settingsUrl, origin) } : {}),
          },
        }
      : {}),
  };
}

/**
 * Starts everything, the clock at `at` (now by default: the ESIA emulator refuses far-off timestamps), Дневник.ру
 * with `dnevnikData` instead of its fixture when given.
 */
export async function startDemoGateway(
  options: {
    at?: Date;
    dnevnikData?: DnevnikData;
    /** As `npm start`: the demo state of src/services/demo-seed.ts (policies of 86 and 38, the operator, a link). */
    demoSeed?: boolean;
    /** As `npm start`: the diaries' own password forms ask the gateway's decision with their demo vendor keys. */
    vendorDecisions?: boolean;
  } = {},
): Promise<DemoGateway> {
  const server = await listenLate();
  const url = server.url;
  const clock = new RunningClock();
  if (options.at) clock.set(options.at);
  const demo: DemoVendorCredential[] = await readDemoVendorCredentials(
    fromRoot('config/demo-vendor-credentials.json'),
  );
  const clientSecrets = Object.fromEntries(
    demo.flatMap((d) => (d.oidcClientSecret ? [[d.instanceId, d.oidcClientSecret]] : [])),
  );
  const key = (id: string) => {
    const k = demo.find((d) => d.instanceId === id)!;
    return { url, instanceId: k.instanceId, keyId: k.keyId, secret: k.secret };
  };
  const vendorKey = (id: string) =>
    options.vendorDecisions ? { vendorKey: { keyId: key(id).keyId, secret: key(id).secret } } : {};
  const copKey = demoClientKeyFile();
  const [db, esia, dnevnik, setevoy, cop, eljur] = await Promise.all([
    createTestDatabase(),
    startEsiaEmulator({ clients: [{ ...demoClient([url + ESIA_CALLBACK_PATH]) }] }),
    startDnevnikEmulator({
      port: 0,
      clock,
      ...(options.dnevnikData ? { data: options.dnevnikData } : {}),
      gateway: {
        url,
        instanceId: 'dnevnik-86',
        oidc: { clientSecret: clientSecrets['dnevnik-86']! },
        ...vendorKey('dnevnik-86'),
      },
    }),
    startSetevoyRegionEmulator({
      port: 0,
      clock,
      gateway: {
        url,
        instanceId: 'setevoy-38',
        oidc: { clientSecret: clientSecrets['setevoy-38']! },
        ...vendorKey('setevoy-38'),
      },
    }),
    startCopHmaoEmulator({
      port: 0,
      clock,
      gateway: { url, instanceId: 'cop-86', oidc: { privateKey: readClientKey(copKey.file, copKey.kid) } },
    }),
    startEljurEmulator({
      port: 0,
      clock,
      gateway: { url, instanceId: 'eljur-39', oidc: { clientSecret: clientSecrets['eljur-39']! } },
    }),
  ]);
  const emulated: Record<string, string> = {
    'dnevnik-86': dnevnik.url,
    'setevoy-38': setevoy.url,
    'cop-86': cop.url,
    'eljur-39': eljur.url,
  };
  const bootstrap = await readBootstrapConfig(fromRoot('config'));
  const instances = bootstrap.instances
    .filter((i) => emulated[i.id])
    .map((i) => atEmulator(i, emulated[i.id]!));
  await applyBootstrapConfig(db.dataSource, { ...bootstrap, instances });

  // ESIA's calls get production's bound (5 s): no browser test waits for an ESIA time-out, and under CI's load
  // (two jest workers, chromium, GOST signing in the emulator) a 2 s bound once turned a sign-in at ЦОП into
  // «Портал Госуслуг сейчас не отвечает».
  const config = testConfig({ PUBLIC_URL: url, ESIA_BASE_URL: esia.url, ESIA_TIMEOUT_MS: '5000' });
  const { logs, logger } = capturedLogger();
  const credentials = await seedDemoKeys(db, config, demo, Object.keys(emulated));
  const cache: Cache = createCache({ ...config, clock }, logger);
  const diaries = await DiaryDirectory.load(db.dataSource, { env: {}, logger, clock, timeoutMs: 2000 });
  const metrics = createMetrics({ defaults: false });
  const activity = new ActivityRecorder(
    new ActivityCountsRepository(db.dataSource),
    clock,
    logger,
    activityMetric(metrics),
    50,
  );

  await activity.start();
  const cutover = await startCutoverFeature({
    db,
    cache,
    clock,
    logger,
    config,
    profiles: (instanceId, userId) => diaries.get(instanceId).adapter.getProfile(userId),
    activity: activity.count,
  });
  const esiaClient = await createEsia(config, { stateStore: cache.stateStore, clock, logger });
  const { deps, provider } = await journeysFor({
    db,
    cache,
    clock,
    config,
    diaries,
    logger,
    demo,
    onlyWayIn: (instanceId, userId) => cutover.esiaIsOnlyWayIn(instanceId, userId),
    activity: activity.count,
  });
  const { app } = buildTestApp({
    config,
    clock,
    logger,
    metrics,
    activity: activity.count,
    sessionStore: cache.sessionStore,
    esia: esiaClient,
    cutover,
    journeys: deps,
    provider,
    personData: createPersonData({ dataSource: db.dataSource, cache, clock, config }),
    vendorAuth: vendorAuthentication({
      keys: { find: (keyId) => credentials.findVendorKey(keyId) },
      stateStore: cache.stateStore,
      clock,
    }),
  });
  server.mount(app);
  const links = new LinksRepository(db.dataSource);
  const outbox = new OutboxWorker(
    {
      dataSource: db.dataSource,
      diaries,
      requests: new AccessRequestsRepository(db.dataSource),
      clock,
      logger,
    },
    { pollMs: 50, batchSize: 20, leaseMs: 30_000, backoffBaseMs: 1000, backoffMaxMs: 60_000 },
  );
  const requestStatus = new AccessRequestStatusWorker(
    {
      sync: new AccessRequestSyncRepository(db.dataSource),
      links,
      diaries,
      clock,
      logger,
    },
    {
      pollMs: 50,
      batchSize: 20,
      leaseMs: 30_000,
      intervalMs: 60_000,
      backoffBaseMs: 60_000,
      backoffMaxMs: 600_000,
    },
  );
  const operators = new OperatorsRepository(db.dataSource);
  if (options.demoSeed) {
    const seeded = await seedDemoState({
      dataSource: db.dataSource,
      clock,
      nodeEnv: 'development',
      esiaIssuer: config.esiaIssuer,
      links: await readDemoLinks(fromRoot('config/demo-state.json')),
    });
    for (const { tenantId } of seeded) await cutover.policies.announce(tenantId);
  }
  const setPolicy = policySetter(db, cutover, clock, {
    actor: 'Оператор министерства (ранее)',
    reason: 'Дата, объявленная ранее',
  });

  return {
    url,
    esia,
    dnevnik,
    setevoy,
    cop,
    eljur,
    clock,
    db,
    cutover,
    provider,
    logs,
    outbox,
    requestStatus,
    clientSecrets,
    async linkedEarlier(instanceId, userId, esiaOid) {
      const made = await links.create({
        issuer: config.esiaIssuer,
        oid: esiaOid,
        instanceId,
        userId,
        method: 'settings-page',
        actor: 'user',
        at: clock.now(),
        notify: false,
      });
      if (!made.ok) throw new Error(`link refused: ${made.conflict}`);
    },
    async grantOperator(esiaOid, displayName, tenantIds) {
      await operators.grant(
        { esiaOid, displayName, role: 'editor', tenantIds },
        { actor: 'Администратор консоли' },
      );
    },
    setPolicy,
    metrics,
    activity,
    async vendorFetch(instanceId, method, path, body) {
      return signedVendorFetch(url, key(instanceId), clock.now(), method, path, body);
    },
    async close() {
      await provider.stop();
      await server.close();
      await Promise.all([esia.close(), dnevnik.close(), setevoy.close(), cop.close(), eljur.close()]);
      await esiaClient.signer.close();
      await cutover.stop();
      await activity.stop();
      await cache.close();
      await db.drop();
    },
  };
}
