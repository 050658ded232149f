import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JourneyBrowser } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { confirmLink, linkFromDiarySettings, linkThroughEsia, rows } from '../support/journey-steps';
import { askDecision, demoVendorKey, eventually, get } from '../support/fault-tools';
import { freePort } from '../support/private-postgres';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(120_000);

const PGBOUNCER = '/usr/sbin/pgbouncer';
const hasPgBouncer = spawnSync(PGBOUNCER, ['--version']).status === 0;
if (!hasPgBouncer) {
  console.warn(
    'pgbouncer.test: Debian package pgbouncer is not installed, so the PgBouncer test does NOT run',
  );
  if (process.env.REQUIRE_REAL_SERVICES === '1')
    it('pgbouncer is installed (REQUIRE_REAL_SERVICES=1)', () => expect(hasPgBouncer).toBe(true));
}

/** The machine's PostgreSQL (trust auth), as test/support/test-database.ts finds it. */
function upstream(): URL {
  return new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
}

/**
 * A private PgBouncer in transaction mode in front of the machine's PostgreSQL, on a spare port. Any database
 * name passes through (`*`). The gateway's timeouts travel as startup parameters; pgbouncer 1.18 cannot track
 * them, so it is told to ignore them (production sets them on the role instead: see README, "Scaling out").
 */
async function startPgBouncer(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'elg-pgbouncer-'));
  const server = upstream();
  writeFileSync(path.join(dir, 'userlist.txt'), '"postgres" ""\n');
  writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 4',
      'max_client_conn = 200',
      'ignore_startup_parameters = extra_float_digits,statement_timeout,idle_in_transaction_session_timeout,options',
      'server_reset_query =',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root.
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot
    ? {
        uid: Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim()),
        gid: Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim()),
      }
    : {};
  if (asRoot) {
    chownSync(dir, ids.uid!, ids.gid!);
    for (const f of ['userlist.txt', 'pgbouncer.ini']) chownSync(path.join(dir, f), ids.uid!, ids.gid!);
  }
  const child: ChildProcess = spawn(PGBOUNCER, [path.join(dir, 'pgbouncer.ini')], {
    ...ids,
    stdio: 'ignore',
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await eventually(
    async () => {
      const { Client } = await import('pg');
      const c = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
      try {
        await c.connect();
        await c.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await c.end().catch(() => undefined);
      }
    },
    10_000,
    'pgbouncer accepting connections',
  );
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

(hasPgBouncer ? describe : describe.skip)('through PgBouncer in transaction mode', () => {
  let bouncer: { url: string; stop(): Promise<void> };
  let db: TestDatabase;
  let gw: GatewayProcess;
  let h: JourneyHarness;

  beforeAll(async () => {
    bouncer = await startPgBouncer();
    db = await createTestDatabase({ migrate: false, serverUrl: bouncer.url });
  });

  afterAll(async () => {
    if (gw && gw.child.exitCode === null) {
      gw.child.kill('SIGTERM');
      await gw.exited;
    }
    await h?.close().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    await bouncer?.stop();
  });

  it('a gateway process applies its migrations, loads its configuration and answers decisions in parallel', async () => {
    gw = spawnGateway({
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'error',
      EMULATORS: 'false',
      DATABASE_POOL_MAX: '10',
    });
    const url = await gw.listening;
    expect((await get(`${url}/readyz`)).status).toBe(200);
    const key = demoVendorKey('dnevnik-86');
    // More concurrent requests than PgBouncer has server connections (4): they share them transaction by transaction.
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => askDecision(url, key, `pgb-${i}`)),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const migrations = (await db.dataSource.query(`SELECT count(*)::int AS n FROM migrations`)) as Array<{
      n: number;
    }>;
    expect(migrations[0]!.n).toBeGreaterThan(0);
  });

  it('links are written and their outbox messages delivered (journey harness on a database behind PgBouncer)', async () => {
    h = await startJourneyHarness({ databaseServerUrl: bouncer.url });
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, 'ivanova.elena', 'Dnevnik-Ivanova1');
    const confirm = await linkThroughEsia(h, browser, 'parent-two-schools');
    const done = await confirmLink(h, browser, confirm);
    expect(done.text).toContain('Отлично!');
    expect(await rows(h, `SELECT 1 FROM links WHERE revoked_at IS NULL`)).toHaveLength(1);
    expect(await h.worker.runOnce()).toBe(1);
    expect(await rows(h, `SELECT 1 FROM outbox WHERE delivered_at IS NULL`)).toEqual([]);
  });
});
