import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { parseDatabaseUrl, withDatabase } from '../../src/config/database-address';
import { createDataSource } from '../../src/store/data-source';
import { serverChoosingClient } from '../../src/store/server-choosing-client';

const ROOT = path.resolve(__dirname, '..', '..');
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, uniquely named database on a real PostgreSQL server, dropped by `drop()`. */
export interface TestDatabase {
  dataSource: DataSource;
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * Creates a database for one suite (suites run in parallel: names are unique) and, unless `migrate: false`,
 * runs every migration. The server is DATABASE_URL; else the local one at 127.0.0.1:5432; else, unless
 * REQUIRE_REAL_SERVICES=1 (CI), an embedded PostgreSQL started in a child process. Never a silent skip.
 * `serverUrl` names another server (a test's private PostgreSQL, or PgBouncer in front of one).
 */
export async function createTestDatabase(
  options: { migrate?: boolean; serverUrl?: string } = {},
): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? (await (server ??= findServer()));
  const name = `elg_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  const url = withDatabase(serverUrl, name);
  const dataSource = createDataSource({ url, poolMax: 4 });
  await dataSource.initialize();
  if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'all' });
  return {
    dataSource,
    url,
    name,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await withClient(serverUrl, (c) =>
        c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}

let server: Promise<string> | undefined;

async function findServer(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const localProblem = await connectionProblem(LOCAL_SERVER);
  if (!localProblem) return LOCAL_SERVER;
  if (process.env.REQUIRE_REAL_SERVICES === '1') {
    throw new Error(
      `REQUIRE_REAL_SERVICES=1 but no PostgreSQL: DATABASE_URL is unset and ${LOCAL_SERVER}: ${localProblem}`,
    );
  }
  // One embedded server per jest worker, reused by every suite that worker runs; it stops when the worker exits.
  const worker = process.env.JEST_WORKER_ID ?? '1';
  const port = 54400 + Number(worker);
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  process.stderr.write(
    `test-database: ${LOCAL_SERVER} unreachable (${localProblem}); using embedded PostgreSQL\n`,
  );
  if ((await connectionProblem(url)) === undefined) return url;
  const dataDir = path.join(
    os.tmpdir(),
    `elg-test-postgres-${process.getuid?.() ?? 'u'}`,
    `worker-${worker}`,
    'data',
  );
  const child = await startEmbeddedPostgresInChild({ dataDir, port });
  child.detach();
  return child.url;
}

/** Undefined when a connection succeeds; otherwise why not. */
async function connectionProblem(url: string): Promise<string | undefined> {
  try {
    await withClient(url, (c) => c.query('SELECT 1'), 2000);
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  }
}

async function withClient<T>(url: string, work: (c: Client) => Promise<T>, timeoutMs = 5000): Promise<T> {
  // A multi-host URL (a primary and its standby) reaches the server that takes writes, as the gateway does.
  const address = parseDatabaseUrl(url);
  const options = { connectionString: address.singleHostUrl, connectionTimeoutMillis: timeoutMs };
  const client = address.choosesServer
    ? new (serverChoosingClient(address, options))(options)
    : new Client(options);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An embedded PostgreSQL run by src/store/embedded-postgres.ts in a child node process. */
export interface EmbeddedPostgresChild {
  url: string;
  child: ChildProcess;
  /** Graceful: the child stops PostgreSQL and exits. */
  stop(): Promise<void>;
  /** SIGKILL of the node process only: PostgreSQL is left running, as after a crashed run. */
  kill(): Promise<void>;
  /** Lets the test process exit without waiting; the child stops PostgreSQL when our end of stdin closes. */
  detach(): void;
}

// Jest runs CommonJS inside a vm that refuses a real dynamic import(), and embedded-postgres is ESM-only, so
// the module runs in plain node, compiling our TypeScript on the fly with the TypeScript compiler.
const CHILD_SCRIPT = `
const fs = require('fs');
const ts = require('typescript');
require.extensions['.ts'] = (module, filename) => {
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  module._compile(ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions }).outputText, filename);
};
const pino = require('pino');
const { createLogger } = require('./src/logger.ts');
const { startEmbeddedPostgres } = require('./src/store/embedded-postgres.ts');
const say = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
const logger = createLogger({ level: process.env.EPG_LOG_LEVEL || 'warn', destination: pino.destination(2) });
startEmbeddedPostgres({ dataDir: process.env.EPG_DIR, port: Number(process.env.EPG_PORT), logger }).then((pg) => {
  say({ url: pg.url });
  const stop = () => pg.stop().then(() => process.exit(0));
  process.stdin.on('end', stop);
  process.stdin.resume();
}, (error) => { say({ error: error.message }); process.exit(1); });
`;

/** Starts embedded PostgreSQL in a child `node` and resolves once it accepts connections. */
export function startEmbeddedPostgresInChild(options: {
  dataDir: string;
  port: number;
}): Promise<EmbeddedPostgresChild> {
  const child = spawn(process.execPath, ['-e', CHILD_SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, EPG_DIR: options.dataDir, EPG_PORT: String(options.port) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('embedded PostgreSQL child: no answer in 60 s')), 60_000);
    child.once('exit', (code) =>
      reject(new Error(`embedded PostgreSQL child exited (${code}): ${buffered.trim()}`)),
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n').find((l) => l.startsWith('{'));
      if (!line || !buffered.includes('\n')) return;
      clearTimeout(timer);
      const message = JSON.parse(line) as { url?: string; error?: string };
      if (!message.url) return reject(new Error(`embedded PostgreSQL child: ${message.error}`));
      resolve({
        url: message.url,
        child,
        stop: async () => {
          child.stdin!.end();
          await exited;
        },
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
        detach: () => {
          child.unref();
          (child.stdin as unknown as { unref(): void }).unref();
          (child.stdout as unknown as { unref(): void }).unref();
        },
      });
    });
  });
}
