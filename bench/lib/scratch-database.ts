import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/store/data-source';
import { startEmbeddedPostgres } from '../../src/store/embedded-postgres';
import { createLogger } from '../../src/logger';

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = join(__dirname, '..', '..');

/** A PostgreSQL server the driver may create scratch databases on, and what it is in words. */
export interface BenchServer {
  readonly url: string;
  readonly kind: string;
  close(): Promise<void>;
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * DATABASE_URL's server when set; else the local one at 127.0.0.1:5432 when it answers; else an embedded
 * PostgreSQL the driver starts in `.data/bench-scratch-postgres` on `port` (stopped by close()).
 */
export async function benchPostgresServer(port: number): Promise<BenchServer> {
  if (process.env.DATABASE_URL)
    return { url: process.env.DATABASE_URL, kind: 'PostgreSQL at DATABASE_URL', close: async () => {} };
  if (await reachable(LOCAL_SERVER))
    return { url: LOCAL_SERVER, kind: 'local PostgreSQL 127.0.0.1:5432', close: async () => {} };
  const embedded = await startEmbeddedPostgres({
    dataDir: join(ROOT, '.data/bench-scratch-postgres'),
    port,
    logger: createLogger({ level: 'warn' }),
  });
  return { url: embedded.url, kind: 'embedded PostgreSQL', close: () => embedded.stop() };
}

/** A uniquely named database on `serverUrl`, migrated unless told not to; `drop()` removes it. */
export interface ScratchDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(
  serverUrl: string,
  prefix: string,
  options: { migrate?: boolean } = {},
): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  const url = withDatabase(serverUrl, name);
  if (options.migrate !== false) {
    const dataSource = createDataSource({ url, poolMax: 2 });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await dataSource.destroy();
    }
  }
  return {
    url,
    name,
    drop: async () => {
      await withClient(serverUrl, (c) =>
        c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}

/** Runs `fn` with one connected client, closed afterwards. */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
