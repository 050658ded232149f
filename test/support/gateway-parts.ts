import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cache } from '../../src/cache';
import type { Clock } from '../../src/core/clock';
import type { Config } from '../../src/config';
import { readFileSync } from 'node:fs';
import { startJourneyFlows } from '../../src/journeys-feature';
import { fromRoot } from '../../src/paths';
import type { ProviderHost } from '../../src/provider/provider-host';
import type { DiaryClientRegistration } from '../../src/store/entities/diary-instance.entity';
import type { JourneyDeps, JourneyEvents } from '../../src/http/journeys/journey-deps';
import { createLogger, type Logger } from '../../src/logger';
import type { CountActivity } from '../../src/core/activity';
import { createCutoverFeature, type CutoverFeature } from '../../src/services/cutover-feature';
import { defaultSettings, type PolicySettings } from '../../src/core/policy-settings';
import type { ProfileLookup } from '../../src/services/password-decision.use-case';
import {
  demoClientSecrets,
  readDemoVendorCredentials,
  seedDemoVendorCredentials,
  type DemoVendorCredential,
} from '../../src/services/demo-vendor-credentials';
import type { DiaryDirectory } from '../../src/services/diary-directory';
import { SecretBox } from '../../src/crypto/secret-box';
import type { OnlyWayInRule } from '../../src/services/unlink-account.use-case';
import { ApiCredentialsRepository } from '../../src/store/api-credentials.repository';
import { PoliciesRepository } from '../../src/store/policies.repository';
import { LogCapture } from './test-app';
import type { TestDatabase } from './test-database';

/** A server already listening on a free 127.0.0.1 port, so its URL can go into the config before the app exists. */
export interface LateServer {
  url: string;
  /** Serves every request with `app` from now on (until then requests get an empty answer). */
  mount(app: unknown): void;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Listens on a free port now; the app is mounted once it is built. */
export async function listenLate(): Promise<LateServer> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mount: (app) => (handler = app as typeof handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An info-level logger whose lines the test reads from `logs`. */
export function capturedLogger(): { logs: LogCapture; logger: Logger } {
  const logs = new LogCapture();
  return { logs, logger: createLogger({ level: 'info', destination: logs }) };
}

/** Stores the demo vendor keys of `instanceIds`, encrypted with the config's key; returns the repository. */
export async function seedDemoKeys(
  db: TestDatabase,
  config: Config,
  demo: DemoVendorCredential[],
  instanceIds: Iterable<string>,
): Promise<ApiCredentialsRepository> {
  const credentials = new ApiCredentialsRepository(
    db.dataSource,
    new SecretBox(config.credentialEncryptionKey),
  );
  await seedDemoVendorCredentials(credentials, demo, new Set(instanceIds));
  return credentials;
}

/** The cutover feature on the test's database, cache and clock, statistics flushed every 50 ms, started. */
export async function startCutoverFeature(parts: {
  db: TestDatabase;
  cache: Cache;
  clock: Clock;
  logger: Logger;
  config: Config;
  profiles?: ProfileLookup | undefined;
  activity?: CountActivity;
}): Promise<CutoverFeature> {
  const { db, cache, clock, logger, config, profiles, activity } = parts;
  const cutover = createCutoverFeature({
    dataSource: db.dataSource,
    pubsub: cache.pubsub,
    rateLimiter: cache.rateLimiter,
    clock,
    logger,
    config,
    profiles,
    ...(activity ? { activity } : {}),
    statsFlushMs: 50,
  });
  await cutover.start();
  return cutover;
}

/** Who a test's policy change is recorded as. */
export interface PolicyAuthor {
  actor: string;
  reason: string;
}

/** A function that replaces a region's policy (defaults for `timeZone` + `change`) at the clock's now and tells the cache. */
export function policySetter(
  db: TestDatabase,
  cutover: CutoverFeature,
  clock: Clock,
  by: PolicyAuthor = { actor: 'test', reason: 'test' },
): (tenantId: string, timeZone: string, change: Partial<PolicySettings>) => Promise<void> {
  const policies = new PoliciesRepository(db.dataSource);
  return async (tenantId, timeZone, change) => {
    await policies.change({
      tenantId,
      instanceId: null,
      settings: { ...defaultSettings(timeZone), ...change },
      ...by,
      at: clock.now(),
    });
    await cutover.policies.announce(tenantId);
  };
}

/**
 * The journeys and the OpenID Provider they end in, composed as src/journeys-feature.ts does it, on the test's
 * database, cache, clock and diaries. `demoSecrets` stands in for the client secrets (the demo's, by default).
 */
export async function journeysFor(parts: {
  db: TestDatabase;
  cache: Cache;
  clock: Clock;
  config: Config;
  diaries: DiaryDirectory;
  logger: Logger;
  onlyWayIn: OnlyWayInRule;
  demo?: readonly DemoVendorCredential[];
  /** What the journeys count (/metrics in production); nothing by default. */
  events?: JourneyEvents;
  /** The console's counters (src/services/activity.ts); nothing by default. */
  activity?: CountActivity;
}): Promise<{ deps: JourneyDeps; provider: ProviderHost }> {
  const demo =
    parts.demo ?? (await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json')));
  return startJourneyFlows({
    ...parts,
    dataSource: parts.db.dataSource,
    events: parts.events ?? (() => undefined),
    env: {},
    demoSecrets: demoClientSecrets(demo),
  });
}

/**
 * A diary's registration at the provider as config/instances.json writes it, for an emulator listening on
 * `diaryUrl`: its callback, its post-logout page and back-channel logout receiver, client_secret_basic with the
 * demo secret (or private_key_jwt with ЦОП's demo key).
 */
export function diaryClientRegistration(
  diaryUrl: string,
  auth: 'client_secret_basic' | 'private_key_jwt' = 'client_secret_basic',
): DiaryClientRegistration {
  return {
    redirectUris: [`${diaryUrl}/oidc/callback`],
    postLogoutRedirectUris: [`${diaryUrl}/`],
    backchannelLogoutUri: `${diaryUrl}/oidc/backchannel-logout`,
    tokenEndpointAuthMethod: auth,
    ...(auth === 'client_secret_basic' ? { clientSecretRef: 'UNSET_IN_TESTS' } : { jwks: COP_DEMO_JWKS }),
    signInUrl: `${diaryUrl}/`,
    settingsUrl: `${diaryUrl}/`,
  };
}

/** ЦОП's demo client key (config/instances.json), public half. */
const COP_DEMO_JWKS = (
  JSON.parse(readFileSync(fromRoot('config/instances.json'), 'utf8')) as Array<{
    id: string;
    oidc?: DiaryClientRegistration;
  }>
).find((i) => i.id === 'cop-86')!.oidc!.jwks!;
