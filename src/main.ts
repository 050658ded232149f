import 'reflect-metadata';
import { loadConfig, type Config } from './config';
import { systemClock } from './core/clock';
import { ESIA_CALLBACK_PATH } from './esia/create-esia';
import { startGateway, StartupError } from './gateway';
import { applyHeapGrowth } from './heap-growth';
import { createLogger } from './logger';
import { fromRoot } from './paths';
import { readDemoLinks, seedDemoState, type SeededPolicy } from './services/demo-seed';
import { POLICY_CHANNEL } from './services/policy-cache';
import { readDemoVendorCredentials } from './services/demo-vendor-credentials';
import { readBootstrapConfig } from './store/bootstrap-config';

/**
 * Process entry: configuration → gateway → signals. Configuration problems and failed start-up steps print
 * one line each on stderr and exit non-zero; the JSON log has the details.
 */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(loaded.problems.map((p) => `configuration: ${p}\n`).join(''));
    process.exit(2);
  }
  const config = loaded.config;
  applyHeapGrowth(config.heapGrowingPercent);
  const logger = createLogger({ level: config.logLevel });
  if (config.unsafeDefaults.length)
    logger.warn(
      { variables: config.unsafeDefaults },
      `DEVELOPMENT values in use for ${config.unsafeDefaults.join(', ')}: anyone can read them in the source. Never run like this in production.`,
    );

  let gateway;
  let seeded: SeededPolicy[] = [];
  let stopEmulators = async (): Promise<void> => undefined;
  try {
    if (config.emulators) {
      stopEmulators = await startDemoEmulators(config).catch((err: unknown) => {
        throw new StartupError('demo emulators (EMULATORS=false to run without them)', err);
      });
    }
    gateway = await startGateway(config, logger);
    if (config.emulators) seeded = await seedDemo(config, gateway);
  } catch (err) {
    logger.error({ err }, 'start-up failed');
    process.stderr.write(`start-up failed: ${err instanceof StartupError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const bound = new URL(gateway.url).host;
  logger.info({ publicUrl: config.publicUrl, bound, metrics: gateway.metricsUrl }, 'gateway listening');
  process.stdout.write(
    `\nESIA Link Gateway is running at ${config.publicUrl} (PUBLIC_URL: open this address; other host names are sent to it; bound to ${bound})\n`,
  );
  if (gateway.metricsUrl)
    process.stdout.write(`Prometheus metrics (internal) at ${gateway.metricsUrl}/metrics\n`);
  if (config.emulators) {
    const { demoGuide } = await import('../emulators/demo-guide');
    process.stdout.write(demoGuide(config.publicUrl, seeded));
  }

  let stopping = false;
  // SIGTERM comes from an orchestrator that needs the grace period; Ctrl-C (SIGINT) from a developer who does not.
  const shutdown = async (signal: 'SIGTERM' | 'SIGINT') => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    const { inFlightAtTimeout } = await gateway.stop({ immediate: signal === 'SIGINT' });
    await stopEmulators();
    if (inFlightAtTimeout) logger.warn({ inFlightAtTimeout }, 'requests cut off at the shutdown timeout');
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * The demo's outside world (EMULATORS=true, never in production): the ESIA emulator at ESIA_BASE_URL with the
 * demo client registered for this gateway's callback. The diary emulators join here as they are built.
 */
async function startDemoEmulators(config: Config): Promise<() => Promise<void>> {
  // Loaded only here, so a production process never even loads emulator code.
  const { startEsiaEmulator } = await import('../emulators/esia/esia-emulator.server');
  const esiaUrl = new URL(config.esiaBaseUrl);
  const esia = await startEsiaEmulator({
    host: esiaUrl.hostname,
    port: Number(esiaUrl.port || 80),
    redirectUris: [`${config.publicUrl}${ESIA_CALLBACK_PATH}`],
  });
  process.stdout.write(`ESIA emulator (development only) at ${esia.url}: sign in as any demo persona\n`);
  const stops = [() => esia.close(), ...(await startDiaryEmulators(config))];
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}

/**
 * Each enabled demo instance of config/instances.json (one with demo credentials) whose adapter kind has an
 * emulator, on its base URL's port, as the OpenID client of this gateway that the instance's registration names.
 */
async function startDiaryEmulators(config: Config): Promise<Array<() => Promise<void>>> {
  const { diaryEmulators } = await import('../emulators/diary-emulators');
  const { instances } = await readBootstrapConfig(fromRoot(config.configDir));
  const keys = await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'));
  const stops: Array<() => Promise<void>> = [];
  for (const instance of instances.filter((i) => i.enabled)) {
    const start = diaryEmulators[instance.adapterKind];
    const key = keys.find((k) => k.instanceId === instance.id);
    if (!start || !key) continue;
    const base = new URL(instance.baseUrl);
    const emulator = await start({
      host: base.hostname,
      port: Number(base.port || 80),
      // ЦОП keeps its access requests here, as the gateway keeps them in PostgreSQL: both survive a restart.
      stateDir: fromRoot('.data/emulators'),
      gateway: {
        url: config.publicUrl,
        instanceId: key.instanceId,
        vendorKey: { keyId: key.keyId, secret: key.secret },
      },
    });
    stops.push(() => emulator.close());
    process.stdout.write(`${instance.displayName} (emulator, development only) at ${emulator.url}\n`);
  }
  return stops;
}

/**
 * The demo's state (development only): the regional operator and the cutover policies of 86 and 38, dates
 * relative to today (src/services/demo-seed.ts); every process, this one first, reloads the policies at once.
 */
async function seedDemo(
  config: Config,
  gateway: Awaited<ReturnType<typeof startGateway>>,
): Promise<SeededPolicy[]> {
  const seeded = await seedDemoState({
    dataSource: gateway.dataSource,
    clock: systemClock,
    nodeEnv: config.nodeEnv,
    esiaIssuer: config.esiaIssuer,
    links: await readDemoLinks(fromRoot('config/demo-state.json')),
  });
  for (const s of seeded) await gateway.cache.pubsub.publish(POLICY_CHANNEL, s.tenantId);
  return seeded;
}

process.on('unhandledRejection', (reason) => {
  // A programmer error: let the process die and be restarted rather than run on in an unknown state.
  process.stderr.write(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`);
  process.exit(70);
});

void main();
