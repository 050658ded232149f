import 'reflect-metadata';
import { loadConfig } from './config';
import { startGateway, StartupError } from './gateway';
import { createLogger } from './logger';

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
  const logger = createLogger({ level: config.logLevel });
  for (const name of config.unsafeDefaults)
    logger.warn(
      `${name} is not set: using a DEVELOPMENT value that anyone can read in the source. Never run like this in production.`,
    );

  let gateway;
  try {
    gateway = await startGateway(config, logger);
  } catch (err) {
    logger.error({ err }, 'start-up failed');
    process.stderr.write(`start-up failed: ${err instanceof StartupError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  logger.info({ url: gateway.url }, 'gateway listening');
  process.stdout.write(
    `\nESIA Link Gateway is running at ${config.publicUrl} (listening on ${gateway.url})\n`,
  );

  let stopping = false;
  // SIGTERM comes from an orchestrator that needs the grace period; Ctrl-C (SIGINT) from a developer who does not.
  const shutdown = async (signal: 'SIGTERM' | 'SIGINT') => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    const { inFlightAtTimeout } = await gateway.stop({ immediate: signal === 'SIGINT' });
    if (inFlightAtTimeout) logger.warn({ inFlightAtTimeout }, 'requests cut off at the shutdown timeout');
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

process.on('unhandledRejection', (reason) => {
  // A programmer error: let the process die and be restarted rather than run on in an unknown state.
  process.stderr.write(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`);
  process.exit(70);
});

void main();
