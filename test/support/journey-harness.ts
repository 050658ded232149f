import { startCopHmaoEmulator, type CopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';
import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import type { DnevnikData } from '../../emulators/dnevnik/dnevnik.fixture';
import type { Persona } from '../../emulators/fixtures/personas.fixture';
import { demoClient } from '../../emulators/esia/esia-emulator.options';
import { startEsiaEmulator, type EsiaEmulator } from '../../emulators/esia/esia-emulator.server';
import {
  startSetevoyRegionEmulator,
  type SetevoyEmulator,
} from '../../emulators/setevoy-region/setevoy-emulator.server';
import { signInAndDecide, type TestBrowser } from '../../emulators/esia/testing/esia-test-client';
import { createCache, type Cache } from '../../src/cache';
import { FixedClock } from '../../src/core/clock';
import { createEsia, ESIA_CALLBACK_PATH } from '../../src/esia/create-esia';
import type { JourneyDeps } from '../../src/http/journeys/journey-deps';
import type { StateStore } from '../../src/core/ports/state-store.port';
import type { DiaryClientRegistration } from '../../src/store/entities/diary-instance.entity';
import type { ProviderHost } from '../../src/provider/provider-host';
import { vendorAuthentication } from '../../src/http/vendor-api/vendor-auth.middleware';
import { readDemoVendorCredentials } from '../../src/services/demo-vendor-credentials';
import { DiaryDirectory } from '../../src/services/diary-directory';
import { OutboxWorker } from '../../src/services/outbox-worker';
import { fromRoot } from '../../src/paths';
import { AccessRequestsRepository } from '../../src/store/access-requests.repository';
import type { OnlyWayInRule } from '../../src/services/unlink-account.use-case';
import { type JourneyBrowser, type Page } from './journey-browser';
import {
  capturedLogger,
  diaryClientRegistration,
  journeysFor,
  listenLate,
  seedDemoKeys,
} from './gateway-parts';
import { readFileSync } from 'node:fs';
import { buildTestApp, type LogCapture, testConfig } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The demo diaries' OpenID client secret (config/demo-vendor-credentials.json). */
const secretOf = (demo: readonly { instanceId: string; oidcClientSecret?: string }[], id: string) =>
  demo.find((d) => d.instanceId === id)!.oidcClientSecret!;

/** ЦОП's demo client key for private_key_jwt (its public half is in config/instances.json). */
export const COP_CLIENT_KEY = {
  pem: readFileSync(fromRoot('emulators/fixtures/keys/cop-86-oidc-client.key.pem'), 'utf8'),
  kid: 'cop-86-demo-2026',
};

/** Дневник.ру's mobile app as config/instances.json registers it: a public native client (RFC 8252). */
export const DNEVNIK_APPS = [
  { clientId: 'dnevnik-86-app', redirectUris: ['ru.dnevnik.demo:/oauth2redirect'] },
];

/** The demo keys of config/demo-vendor-credentials.json, by instance. */
export type DemoKey = { instanceId: string; keyId: string; secret: string };

/**
 * The whole outside world of the journeys over real HTTP: the gateway in-process on a free port with a real
 * PostgreSQL, the ESIA emulator, and the diary emulators (Дневник.ру, ЦОП, «Сетевой Регион»: each an OpenID
 * client of the gateway with its demo client credentials). The outbox worker is not polling: tests call `worker.runOnce()`.
 */
export interface JourneyHarness {
  gatewayUrl: string;
  esia: EsiaEmulator;
  dnevnik: DnevnikEmulator;
  cop: CopHmaoEmulator;
  /** «Сетевой Регион. Образование», instance setevoy-38 of region 38 (Иркутская область). */
  setevoy: SetevoyEmulator;
  db: TestDatabase;
  clock: FixedClock;
  logs: LogCapture;
  deps: JourneyDeps;
  /** The shared store the gateway's sessions and one-time values live in (Redis when `env` sets REDIS_URL). */
  cache: Cache;
  worker: OutboxWorker;
  keys: Record<string, DemoKey>;
  /** The gateway's OpenID Provider (reload() re-reads the signing keys, as a rotation's message makes it). */
  provider: ProviderHost;
  /** The demo diaries' OpenID client secrets, by instance. */
  oidcSecrets: Record<string, string>;
  /** The shared store the provider keeps codes, grants and held links in (tests read what a code left behind). */
  stateStore: StateStore;
  /** What the journeys counted (the `link_refused` reasons that /metrics shows), in order. */
  events: Array<{ event: string; labels: Record<string, string> }>;
  /** Signs in at ESIA as `persona` from a gateway address that redirects there; returns the page after the callback. */
  throughEsia(
    browser: JourneyBrowser,
    startUrl: string,
    persona: string,
    decision?: 'grant' | 'deny',
  ): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts everything; `onlyWayIn` replaces the cutover rule of flow E where a test needs to;
 * `databaseServerUrl` puts the database on another server (a private PostgreSQL, PgBouncer); `env` overrides
 * configuration (REDIS_URL and REDIS_KEY_PREFIX put the shared store on Redis).
 */
export async function startJourneyHarness(
  options: {
    onlyWayIn?: OnlyWayInRule;
    databaseServerUrl?: string;
    /** Changes to an instance's registration at the provider (e.g. another back-channel logout receiver). */
    registration?: (instanceId: string, diaryUrl: string) => Partial<DiaryClientRegistration>;
    env?: Record<string, string>;
    /** The ESIA emulator's people instead of emulators/fixtures/personas.json (e.g. with generated ones). */
    personas?: Persona[];
    /** The Дневник.ру emulator's data instead of emulators/fixtures/dnevnik.json. */
    dnevnikData?: DnevnikData;
  } = {},
): Promise<JourneyHarness> {
  const server = await listenLate();
  const gatewayUrl = server.url;
  const clock = new FixedClock(new Date());
  const db = await createTestDatabase({ serverUrl: options.databaseServerUrl });
  const demo = await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'));
  const keys = Object.fromEntries(demo.map((k) => [k.instanceId, k]));

  const esia = await startEsiaEmulator({
    clients: [{ ...demoClient([gatewayUrl + ESIA_CALLBACK_PATH]) }],
    ...(options.personas && { personas: options.personas }),
  });
  const dnevnik = await startDnevnikEmulator({
    port: 0,
    ...(options.dnevnikData && { data: options.dnevnikData }),
    gateway: {
      url: gatewayUrl,
      ...keys['dnevnik-86']!,
      oidc: { clientSecret: secretOf(demo, 'dnevnik-86') },
    },
  });
  const cop = await startCopHmaoEmulator({
    port: 0,
    gateway: { url: gatewayUrl, ...keys['cop-86']!, oidc: { privateKey: COP_CLIENT_KEY } },
  });
  const setevoy = await startSetevoyRegionEmulator({
    port: 0,
    gateway: {
      url: gatewayUrl,
      instanceId: 'setevoy-38',
      oidc: { clientSecret: secretOf(demo, 'setevoy-38') },
    },
  });

  await db.dataSource.query(
    `INSERT INTO tenants (id, name, time_zone)
     VALUES ('86', 'Югра', 'Asia/Yekaterinburg'), ('38', 'Иркутская область', 'Asia/Irkutsk')`,
  );
  for (const [id, tenant, kind, url, name, auth] of [
    ['dnevnik-86', '86', 'dnevnik', dnevnik.url, 'Дневник.ру', 'client_secret_basic'],
    ['cop-86', '86', 'cop-hmao', cop.url, 'ЦОП ХМАО-Югры', 'private_key_jwt'],
    ['setevoy-38', '38', 'setevoy-region', setevoy.url, 'Сетевой Регион. Образование', 'client_secret_basic'],
  ] as const)
    await db.dataSource.query(
      `INSERT INTO diary_instances (id, tenant_id, adapter_kind, base_url, display_name, credentials_ref,
         oidc_client)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        tenant,
        kind,
        url,
        name,
        `TEST_${id.replace(/-/g, '_').toUpperCase()}`,
        JSON.stringify({
          ...diaryClientRegistration(url, auth),
          ...(id === 'dnevnik-86' ? { apps: DNEVNIK_APPS } : {}),
          ...options.registration?.(id, url),
        }),
      ],
    );

  const config = testConfig({
    PUBLIC_URL: gatewayUrl,
    ESIA_BASE_URL: esia.url,
    ESIA_TIMEOUT_MS: '2000',
    ...options.env,
  });
  const { logs, logger } = capturedLogger();
  const credentials = await seedDemoKeys(db, config, demo, ['dnevnik-86', 'cop-86', 'setevoy-38']);
  const cache = createCache({ ...config, clock }, logger);
  const esiaClient = await createEsia(config, { stateStore: cache.stateStore, clock, logger });
  const diaries = await DiaryDirectory.load(db.dataSource, { env: {}, logger, clock, timeoutMs: 2000 });
  const events: JourneyHarness['events'] = [];
  const { deps, provider } = await journeysFor({
    events: (event, labels) => void events.push({ event, labels }),
    db,
    cache,
    clock,
    config,
    diaries,
    logger,
    demo,
    // The real rule is the cutover policy's (test/integration/password-decision.test.ts); journeys set it.
    onlyWayIn: options.onlyWayIn ?? (async () => false),
  });
  const vendorAuth = vendorAuthentication({
    keys: { find: (keyId) => credentials.findVendorKey(keyId) },
    stateStore: cache.stateStore,
    clock,
  });
  const { app } = buildTestApp({
    config,
    clock,
    logger,
    sessionStore: cache.sessionStore,
    esia: esiaClient,
    journeys: deps,
    provider,
    vendorAuth,
  });
  server.mount(app);
  const worker = new OutboxWorker(
    {
      dataSource: db.dataSource,
      diaries,
      requests: new AccessRequestsRepository(db.dataSource),
      clock,
      logger,
    },
    { pollMs: 50, batchSize: 20, leaseMs: 30_000, backoffBaseMs: 1000, backoffMaxMs: 60_000 },
  );

  return {
    gatewayUrl,
    esia,
    dnevnik,
    cop,
    setevoy,
    db,
    clock,
    logs,
    deps,
    cache,
    worker,
    keys,
    provider,
    stateStore: cache.stateStore,
    events,
    oidcSecrets: Object.fromEntries(
      demo.flatMap((d) => (d.oidcClientSecret ? [[d.instanceId, d.oidcClientSecret]] : [])),
    ),
    async throughEsia(browser, startUrl, persona, decision = 'grant') {
      const start = await browser.follow(startUrl, { stopAt: (u) => u.origin === esia.url });
      if (!start.location?.startsWith(esia.url))
        throw new Error(
          `expected a redirect to ESIA, got ${start.status} ${start.location}\n${start.text.slice(0, 300)}`,
        );
      const back = await signInAndDecide(
        esia.url,
        browser as unknown as TestBrowser,
        start.location,
        persona,
        decision,
      );
      return browser.follow(back.toString(), { stopAt: (u) => u.origin !== gatewayUrl });
    },
    async close() {
      await provider.stop();
      await worker.stop();
      await server.close();
      await Promise.all([esia.close(), dnevnik.close(), cop.close(), setevoy.close()]);
      await esiaClient.signer.close();
      await cache.close();
      await db.drop();
    },
  };
}
