import 'reflect-metadata';
import os from 'node:os';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createCache, type Cache } from '../cache';
import { loadConfig } from '../config';
import { systemClock } from '../core/clock';
import { createLogger } from '../logger';
import { PROVIDER_KEYS_CHANNEL } from '../provider/provider.settings';
import { POLICY_CHANNEL } from '../services/policy-cache';
import { PolicyInvalidError, RegionNotFoundError } from '../core/policy.errors';
import { SecretBox } from '../crypto/secret-box';
import { Client } from 'pg';
import { fromRoot } from '../paths';
import { createDataSource } from '../store/data-source';
import {
  embeddedPostgresUrl,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../store/embedded-postgres';
import { createPersonData } from '../person-data-feature';
import { COMMANDS, parseCommand, UsageError, USAGE } from './ops-commands';

/**
 * `npm run ops -- <command>`: operators, tokens, vendor keys, the cutover date, readiness, a person's data on
 * request (`person export`, `person erase`). Prints the answer on stdout; a failure is one line on stderr. Exit codes: 0 done (and `help`, `--help`, `<command> --help`,
 * which print the usage on stdout and need no configuration), 1 failed, 2 wrong usage or configuration.
 */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(argv);
  } catch (err) {
    process.stderr.write(`ops: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.kind === 'help') {
    process.stdout.write(`${parsed.text}\n`);
    return 0;
  }
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`ops: invalid configuration: ${loaded.problems.join('; ')}\n`);
    return 2;
  }
  const { config } = loaded;
  if (!config.databaseUrl && config.nodeEnv === 'production') {
    process.stderr.write('ops: DATABASE_URL is required\n');
    return 2;
  }
  const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
  let dataSource: DataSource | undefined;
  let cache: Cache | undefined;
  let embedded: EmbeddedPostgresHandle | undefined;
  try {
    let url = config.databaseUrl;
    if (!url) ({ url, embedded } = await demoDatabase(config.embeddedPgDir, config.embeddedPgPort, logger));
    dataSource = createDataSource({ url, poolMax: 2, applicationName: 'elg-ops-cli' });
    await dataSource.initialize();
    if (config.redisUrl) cache = createCache(config, logger);
    const out = await COMMANDS[parsed.name](parsed.flags, {
      dataSource,
      clock: systemClock,
      box: new SecretBox(config.credentialEncryptionKey),
      actor: `cli:${os.userInfo().username}`,
      announce: async (tenantId) => {
        await cache?.pubsub.publish(POLICY_CHANNEL, tenantId).catch(() => undefined);
      },
      announceKeys: async () => {
        await cache?.pubsub.publish(PROVIDER_KEYS_CHANNEL, 'rotated').catch(() => undefined);
      },
      // Without REDIS_URL the gateways' sessions are out of reach (an in-process store is their own).
      personData: createPersonData({ dataSource, cache, clock: systemClock, config }),
    });
    process.stdout.write(`${out}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ops: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    const detail =
      err instanceof PolicyInvalidError
        ? err.problems.map((p) => `${p.field}: ${p.message}`).join('; ')
        : err instanceof RegionNotFoundError
          ? `${err.userMessage.ru} Код: ${err.code}`
          : (err as Error).message.split('\n')[0];
    process.stderr.write(`ops ${parsed.name}: ${detail}\n`);
    return 1;
  } finally {
    await cache?.close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  }
}

/**
 * Development without DATABASE_URL: the demo's embedded PostgreSQL, the one `npm start` uses. While the demo
 * runs, its server answers and is used as it is (never started a second time on the same folder, which would
 * stop the demo's); otherwise it is started for this command and stopped after. stderr says which.
 */
async function demoDatabase(
  dir: string,
  port: number,
  logger: ReturnType<typeof createLogger>,
): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
  const url = embeddedPostgresUrl(port);
  if (await answers(url)) {
    process.stderr.write(
      `ops: DATABASE_URL is not set: using the demo's embedded PostgreSQL on 127.0.0.1:${port} (npm start's, ${dir})\n`,
    );
    return { url };
  }
  process.stderr.write(
    `ops: DATABASE_URL is not set and npm start is not running: starting the demo's embedded PostgreSQL (${dir}) for this command\n`,
  );
  const embedded = await startEmbeddedPostgres({ dataDir: fromRoot(dir), port, logger });
  return { url: embedded.url, embedded };
}

/** Whether a PostgreSQL answers at `url` within a second. */
async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
