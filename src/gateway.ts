import type { DataSource } from 'typeorm';
import { createApp } from './app';
import { createCache, type Cache } from './cache';
import type { Config } from './config';
import { systemClock, type Clock } from './core/clock';
import { createEsia } from './esia/create-esia';
import { createMetrics, type Metrics } from './http/metrics';
import { listenMetrics } from './http/metrics-server';
import { listen, type RunningServer } from './http/server';
import type { Logger } from './logger';
import { createOidc } from './oidc/create-oidc';
import { loadDiaries, startJourneys } from './journeys-feature';
import { createPersonData } from './person-data-feature';
import { fromRoot } from './paths';
import { cachedVendorKeys, vendorAuthentication } from './http/vendor-api/vendor-auth.middleware';
import {
  demoClientSecrets,
  readDemoVendorCredentials,
  seedDemoVendorCredentials,
  type DemoVendorCredential,
} from './services/demo-vendor-credentials';
import { createCutoverFeature } from './services/cutover-feature';
import { DiaryRouteProbes } from './services/diary-route-probes';
import { ActiveUsersReporter } from './services/active-users-reporter';
import { discardedFactsReporter } from './services/discarded-facts.reporter';
import { activityMetric, ActivityRecorder } from './services/activity-recorder';
import { ActivityCountsRepository } from './store/activity-counts.repository';
import { Pseudonyms } from './crypto/pseudonyms';
import { RETENTION_DEFAULTS, RetentionWorker, retentionPeriodsOf } from './services/retention-worker';
import { SecretBox } from './crypto/secret-box';
import { ApiCredentialsRepository } from './store/api-credentials.repository';
import { loadBootstrapConfig, type InstanceConfig } from './store/bootstrap-config';
import { createDataSource } from './store/data-source';
import { startEmbeddedPostgres } from './store/embedded-postgres';
import { checkDatabase, poolStats } from './store/health';
import { RedactionRepository } from './store/redaction.repository';
import { RetentionRepository } from './store/retention.repository';

/** A running gateway process: its address, and `stop()` that drains it and closes everything it opened. */
export interface Gateway {
  readonly url: string;
  /** The internal /metrics listener's address, when METRICS_PORT is set. */
  readonly metricsUrl: string | undefined;
  readonly dataSource: DataSource;
  readonly cache: Cache;
  /** Drains (after the configured grace unless `immediate`) and closes everything the gateway opened. */
  stop(options?: { immediate?: boolean }): Promise<{ inFlightAtTimeout: number }>;
}

/** A start-up step that failed, with one line that says which and why (never a stack trace on the console). */
export class StartupError extends Error {
  constructor(step: string, cause: unknown) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StartupError';
  }
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new StartupError(name, err);
  }
}

/**
 * Connects the ports to PostgreSQL (or the embedded one) and to Redis (or the in-process store), applies the
 * migrations, loads config/ into PostgreSQL, and serves the app. Whatever was opened is closed again when a
 * later step fails.
 */
export async function startGateway(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<Gateway> {
  const closers: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err) => logger.warn({ err }, 'close failed'));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const embedded = await step('embedded PostgreSQL', () =>
        startEmbeddedPostgres({
          dataDir: fromRoot(config.embeddedPgDir),
          port: config.embeddedPgPort,
          logger,
        }),
      );
      closers.push(() => embedded.stop());
      databaseUrl = embedded.url;
    }
    const dataSource = createDataSource({ url: databaseUrl, poolMax: config.databasePoolMax });
    await step('PostgreSQL', () => dataSource.initialize());
    closers.push(() => dataSource.destroy());
    const applied = await step('migrations', () => dataSource.runMigrations({ transaction: 'each' }));
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    const bootstrap = await step(`configuration files in ${config.configDir}/`, () =>
      loadBootstrapConfig(dataSource, fromRoot(config.configDir), logger),
    );
    const production = config.nodeEnv === 'production';
    const credentials = new ApiCredentialsRepository(
      dataSource,
      new SecretBox(config.credentialEncryptionKey),
      { refuseDemoKeys: production },
    );
    const demo = production ? [] : await readDemoVendorCredentials(DEMO_CREDENTIALS).catch(() => []);
    if (production) await step('demo vendor keys', () => retireDemoKeys(credentials, clock, logger));
    else await step('demo vendor keys', () => seedDemoKeys(credentials, demo, bootstrap.instances, logger));

    const metrics = createMetrics({ poolStats: () => poolStats(dataSource) });
    // Bounded in-process maps (issue 11): each eviction of a live entry because a map was full is counted.
    const evictions = metrics.counter(
      'elg_memory_evictions_total',
      'Live entries evicted, oldest first, from a bounded in-process map that was full, by map',
      ['map'],
    );
    const cache = createCache({ ...config, clock, onEvict: (map) => evictions.inc({ map }) }, logger);
    closers.push(() => cache.close());
    const diaries = await step('diary adapters', () =>
      loadDiaries({ dataSource, clock, logger, production }),
    );
    // Issue 22: a diary whose server lacks the routes its adapter calls is said at start (the log names the
    // routes), on /readyz, in /metrics and in the console, instead of every account reading as missing.
    const diaryRoutes = new DiaryRouteProbes(diaries, logger.child({ component: 'diary-routes' }));
    await diaryRoutes.start(START_PROBE_WAIT_MS);
    watchDiaryRoutes(metrics, diaryRoutes);
    // The diaries' own count of their active users, for the readiness' share of them linked (issue 19).
    const activeUsers = new ActiveUsersReporter({
      dataSource,
      diaries,
      clock,
      logger: logger.child({ component: 'active-users' }),
    });
    activeUsers.start();
    closers.push(() => activeUsers.stop());
    const discarded = discardedFactsReporter(
      logger,
      metrics.counter(
        'elg_discarded_person_facts_total',
        'SNILS and birth dates that failed their rule and were treated as absent, by source, field and problem',
        ['source', 'field', 'problem'],
      ),
    );
    // The console's counts: PostgreSQL and /metrics from the same events (issue 19).
    const activity = new ActivityRecorder(
      new ActivityCountsRepository(dataSource),
      clock,
      logger,
      activityMetric(metrics),
    );
    await step('activity counters', () => activity.start());
    closers.push(() => activity.stop());
    const cutover = createCutoverFeature({
      dataSource,
      pubsub: cache.pubsub,
      rateLimiter: cache.rateLimiter,
      clock,
      logger,
      config,
      // Vendors that send no birth date: the decision asks the diary itself.
      profiles: (instanceId, userId) => diaries.get(instanceId).adapter.getProfile(userId),
      discarded,
      activity: activity.count,
      onLinkedAnswerEvicted: () => evictions.inc({ map: 'linked_answers' }),
    });
    await step('cutover policies', () => cutover.start());
    closers.push(() => cutover.stop());

    const esia = await step('ESIA client (signer, certificates)', () =>
      createEsia(config, { stateStore: cache.stateStore, clock, logger, discarded }),
    );
    closers.push(() => esia.signer.close());
    const oidc = await step(`OIDC provider ${config.oidcIssuer ?? ''} (discovery)`, () =>
      createOidc(config, { stateStore: cache.stateStore, clock }),
    );
    if (oidc) logger.info({ issuer: oidc.settings.issuer }, 'OIDC sign-in on');
    const linkRefusals = metrics.counter(
      'elg_link_refusals_total',
      'Links refused at the gateway, by reason',
      ['instance', 'reason'],
    );
    const journeys = await step('OpenID Provider for the diaries', () =>
      startJourneys({
        dataSource,
        diaries,
        cache,
        clock,
        logger,
        config,
        onlyWayIn: (instanceId, userId) => cutover.esiaIsOnlyWayIn(instanceId, userId),
        events: (_event, labels) => linkRefusals.inc(labels),
        activity: activity.count,
        env: process.env,
        demoSecrets: demoClientSecrets(demo),
        discarded,
        linkChanges: cutover.linkChanges,
      }),
    );
    closers.push(() => journeys.provider.stop());
    closers.push(() => journeys.worker.stop());
    closers.push(() => journeys.statusWorker.stop());

    const lifecycle = { draining: false };
    const pseudonyms = new Pseudonyms(config.piiHmacKey);
    const retention = new RetentionWorker(
      {
        retention: new RetentionRepository(dataSource, new RedactionRepository(pseudonyms)),
        periods: retentionPeriodsOf(config),
        clock,
        logger: logger.child({ component: 'retention' }),
        purged: metrics.counter(
          'retention_purged_rows_total',
          'Rows whose personal data the retention purge removed, pseudonymised or deleted, by rule',
          ['rule'],
        ),
      },
      { ...RETENTION_DEFAULTS, intervalMs: config.retentionPurgeIntervalMinutes * 60_000 },
    );
    retention.start();
    closers.push(() => retention.stop());
    const readiness = [
      { name: 'postgres', check: async () => (await checkDatabase(dataSource)).ok },
      { name: cache.kind === 'redis' ? 'redis' : 'store', check: () => cache.ready() },
    ];
    watchDependencies(metrics, readiness, dataSource);
    const app = createApp({
      config,
      logger,
      clock,
      sessionStore: cache.sessionStore,
      metrics,
      lifecycle,
      esia,
      oidc: oidc ? [oidc] : [],
      cutover,
      journeys: journeys.deps,
      provider: journeys.provider,
      personData: createPersonData({ dataSource, cache, clock, config, linkChanges: cutover.linkChanges }),
      activity: activity.count,
      vendorAuth: vendorAuthentication({
        keys: cachedVendorKeys({ find: (keyId) => credentials.findVendorKey(keyId) }, clock),
        stateStore: cache.stateStore,
        clock,
      }),
      readiness,
      diaryRoutes,
    });
    // Before the main port, so that a taken metrics port fails the start with nothing left listening.
    const metricsServer =
      config.metricsPort === undefined
        ? undefined
        : await step(`metrics listener on ${config.metricsHost}:${config.metricsPort}`, () =>
            listenMetrics(metrics, { host: config.metricsHost, port: config.metricsPort! }),
          );
    if (metricsServer) closers.push(() => metricsServer.close());
    const server: RunningServer = await step(`listen on ${config.host}:${config.port}`, () =>
      listen(app, { host: config.host, port: config.port, lifecycle }),
    );
    return {
      url: server.url,
      metricsUrl: metricsServer?.url,
      dataSource,
      cache,
      async stop({ immediate = false } = {}) {
        const graceMs = immediate ? 0 : config.shutdownGraceMs;
        const result = await server.drain({ graceMs, timeoutMs: config.shutdownTimeoutMs });
        await closeAll();
        return result;
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** The start waits this long for the diaries' route probes; a slower vendor is logged when it answers. */
const START_PROBE_WAIT_MS = 3000;

/**
 * `elg_diary_instance_degraded{diary, reason}`: 1 when a diary instance's route probe found routes missing
 * (`configuration`) or got no answer (`outage`), else 0; instances whose adapter cannot probe have no series.
 * The label is `diary`, as in elg_activity_total: Prometheus's own `instance` is the gateway process.
 */
function watchDiaryRoutes(metrics: Metrics, probes: DiaryRouteProbes): void {
  metrics.gauge(
    'elg_diary_instance_degraded',
    "Whether a diary instance's server lacks routes its adapter calls (reason configuration) or did not answer the route probe (reason outage)",
    ['diary', 'reason'],
    async () =>
      (await probes.report(1000))
        .filter((r) => r.status !== 'not_probed')
        .flatMap((r) => [
          {
            labels: { diary: r.instanceId, reason: 'configuration' },
            value: r.status === 'misconfigured' ? 1 : 0,
          },
          { labels: { diary: r.instanceId, reason: 'outage' }, value: r.status === 'unreachable' ? 1 : 0 },
        ]),
  );
}

/** Development only: the demo diary emulators' keys and OpenID client secrets. */
const DEMO_CREDENTIALS = fromRoot('config/demo-vendor-credentials.json');

/**
 * Production: a database a development start once used still holds the demo vendor keys (their secrets are in
 * the repository). They are revoked, each with an admin_audit row, at the first production start.
 */
async function retireDemoKeys(credentials: ApiCredentialsRepository, clock: Clock, logger: Logger) {
  const retired = await credentials.retireDemoKeys({ actor: 'production start', at: clock.now() });
  if (retired.length)
    logger.warn({ keyIds: retired }, 'demo vendor keys seeded by a development start were revoked');
}

/** Development only: seeds the demo diary emulators' vendor keys (config/demo-vendor-credentials.json). */
async function seedDemoKeys(
  credentials: ApiCredentialsRepository,
  demo: readonly DemoVendorCredential[],
  instances: readonly InstanceConfig[],
  logger: Logger,
): Promise<void> {
  const seeded = await seedDemoVendorCredentials(credentials, demo, new Set(instances.map((i) => i.id)));
  if (seeded)
    logger.warn({ seeded }, 'DEVELOPMENT vendor keys from config/demo-vendor-credentials.json are accepted');
}

/**
 * What docs/operations.md's alerts and dashboard watch besides the requests: each dependency as /readyz sees it
 * (1 up, 0 down) and the outbox backlog (a vendor or every worker stuck), read at each scrape.
 */
function watchDependencies(
  metrics: Metrics,
  readiness: ReadonlyArray<{ name: string; check: () => Promise<boolean> }>,
  dataSource: DataSource,
): void {
  metrics.gauge(
    'elg_dependency_up',
    'Whether a dependency answers now (1) or not (0), as /readyz sees it',
    ['dependency'],
    () =>
      Promise.all(
        readiness.map(async (r) => ({ labels: { dependency: r.name }, value: (await r.check()) ? 1 : 0 })),
      ),
  );
  const backlog = async () => {
    const rows: Array<{ n: number; age: number | null }> = await dataSource
      .query(
        `SELECT count(*)::int AS n, extract(epoch FROM now() - min(created_at))::float AS age
           FROM outbox WHERE delivered_at IS NULL`,
      )
      .catch(() => []);
    return rows[0];
  };
  metrics.gauge(
    'elg_outbox_pending_messages',
    'Vendor notices written and not yet delivered',
    [],
    async () => {
      const row = await backlog();
      return row ? [{ labels: {}, value: row.n }] : [];
    },
  );
  metrics.gauge(
    'elg_outbox_oldest_pending_seconds',
    'Age of the oldest undelivered vendor notice (0 when none waits)',
    [],
    async () => {
      const row = await backlog();
      return row ? [{ labels: {}, value: row.age ?? 0 }] : [];
    },
  );
}
