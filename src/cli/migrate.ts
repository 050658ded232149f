import 'reflect-metadata';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { createLogger, type Logger } from '../logger';
import { createDataSource, MIGRATIONS } from '../store/data-source';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../store/embedded-postgres';

const USAGE = 'usage: migrate up | revert | show';

type Command = (dataSource: DataSource) => Promise<string>;

/** The schema commands: the only way the schema changes (never `synchronize`). Each answers one line. */
export const commands: Record<string, Command> = {
  async up(dataSource) {
    const ran = await dataSource.runMigrations({ transaction: 'all' });
    return ran.length ? `applied ${ran.map((m) => m.name).join(', ')}` : 'schema is up to date';
  },
  async revert(dataSource) {
    const [last] = await executed(dataSource);
    if (!last) return 'nothing to revert';
    await dataSource.undoLastMigration({ transaction: 'all' });
    return `reverted ${last}`;
  },
  async show(dataSource) {
    const done = new Set(await executed(dataSource));
    const lines = MIGRATIONS.map((m) => `${done.has(m.name) ? '[x]' : '[ ]'} ${m.name}`);
    const pending = MIGRATIONS.filter((m) => !done.has(m.name)).length;
    return [...lines, `${pending} pending`].join('\n');
  },
};

/** Names of the applied migrations, newest first; empty before the first `up`. */
async function executed(dataSource: DataSource): Promise<string[]> {
  const [{ exists }] = await dataSource.query(`SELECT to_regclass('migrations') IS NOT NULL AS exists`);
  if (!exists) return [];
  const rows: { name: string }[] = await dataSource.query(`SELECT name FROM migrations ORDER BY id DESC`);
  return rows.map((r) => r.name);
}

/** One line a person can act on: pg's AggregateError (IPv4 and IPv6 both refused) has an empty message. */
function oneLine(error: unknown): string {
  const inner = error instanceof AggregateError && error.errors.length ? error.errors[0] : error;
  const e = inner as { message?: string; code?: string };
  const text = (e?.message || String(inner)).split('\n')[0]!;
  return e?.code && !text.includes(e.code) ? `${text} (${e.code})` : text;
}

async function main(argv: string[]): Promise<number> {
  const name = argv[0] ?? '';
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command || argv.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`migrate: invalid configuration: ${loaded.problems.join('; ')}\n`);
    return 1;
  }
  const { config } = loaded;
  // Logs go to stderr so that stdout carries only the answer; at the default level, the answer says it all.
  const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  const logger: Logger = createLogger({ level, destination: pino.destination(2) });
  let embedded: EmbeddedPostgresHandle | undefined;
  let dataSource: DataSource | undefined;
  try {
    embedded = config.databaseUrl
      ? undefined
      : await startEmbeddedPostgres({ dataDir: config.embeddedPgDir, port: config.embeddedPgPort, logger });
    const url = config.databaseUrl ?? embedded!.url;
    // No statement timeout: building an index on a large table may legitimately take minutes.
    dataSource = createDataSource({
      url,
      poolMax: 1,
      logger,
      statementTimeoutMs: 0,
      applicationName: 'elg-migrate',
    });
    await dataSource.initialize();
    process.stdout.write(`${await command(dataSource)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`migrate ${name}: ${oneLine(error)}\n`);
    return 1;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
