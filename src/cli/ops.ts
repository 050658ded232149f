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
import { PolicyInvalidError, RegionNotFoundError } from '../services/policy.errors';
import { SecretBox } from '../services/secret-box';
import { createDataSource } from '../store/data-source';
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
  if (!config.databaseUrl) {
    process.stderr.write('ops: DATABASE_URL is required\n');
    return 2;
  }
  const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
  let dataSource: DataSource | undefined;
  let cache: Cache | undefined;
  try {
    dataSource = createDataSource({ url: config.databaseUrl, poolMax: 2, applicationName: 'elg-ops-cli' });
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
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
