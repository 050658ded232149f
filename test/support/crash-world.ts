import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { demoClient } from '../../emulators/esia/esia-emulator.options';
import { demoOidcClientSecret } from '../../emulators/shared/demo-oidc-credentials';
import { startEsiaEmulator, type EsiaEmulator } from '../../emulators/esia/esia-emulator.server';
import { signInAndDecide, type TestBrowser } from '../../emulators/esia/testing/esia-test-client';
import { ESIA_CALLBACK_PATH } from '../../src/esia/create-esia';
import { fromRoot } from '../../src/paths';
import { startFaultProxy, type FaultProxy } from './fault-tools';
import type { GeneratedPeople } from './generated-people';
import type { JourneyBrowser } from './journey-browser';
import type { JourneyHarness } from './journey-harness';
import { freePort, startPrivatePostgres, type PrivatePostgres } from './private-postgres';
import { spawnGateway, type GatewayProcess } from './spawn-gateway';

/**
 * Gateway processes that a test may kill -9 and start again, with the outside world of the journeys around
 * them: a private PostgreSQL, Redis (sessions survive a process), the ESIA emulator, and the Дневник.ру emulator
 * behind a fault proxy (the gateway reaches the diary's API through it). Its own CONFIG_DIR registers the
 * emulator as instance dnevnik-86. `journeys` has what test/support/journey-steps.ts needs of a harness.
 */
export interface CrashWorld {
  readonly pg: PrivatePostgres;
  readonly esia: EsiaEmulator;
  readonly dnevnik: DnevnikEmulator;
  readonly proxy: FaultProxy;
  /** A connection of the test's own to the gateway's database. */
  readonly sql: Client;
  readonly journeys: JourneyHarness;
  /** The public address (the first process's port, as a load balancer would give it). */
  readonly publicUrl: string;
  /** Starts a gateway process on `port` (the public one when omitted). */
  start(port?: number): Promise<GatewayProcess>;
  /** kill -9, and waits until the process is gone. */
  kill(gw: GatewayProcess): Promise<void>;
  /**
   * Waits until a backend of the gateway has written to table `holding` in a transaction that now waits: for a
   * lock on table `lockOn` that the test holds, or (`lockOn` absent) for a synchronous standby inside COMMIT.
   */
  waitForWriter(holding: string, lockOn?: string, timeoutMs?: number): Promise<void>;
  /**
   * Waits until no backend of the gateway is in a statement or a transaction for a while: a process just
   * started writes on its own (the diaries' active users, the first counts), and those writes, held by a test's
   * stalled commits, can take every connection of its pool before the request the test is about gets one.
   */
  waitUntilQuiet(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCrashWorld(
  people: GeneratedPeople,
  env: Record<string, string> = {},
): Promise<CrashWorld> {
  const pg = await startPrivatePostgres();
  const sql = new Client({ connectionString: pg.url });
  await sql.connect();
  // A commit waits for a synchronous standby only while a test names one (ALTER SYSTEM below); the server's
  // command line turns synchronous_commit off, which the database's own setting overrides.
  await sql.query(`ALTER DATABASE postgres SET synchronous_commit = on`);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const esia = await startEsiaEmulator({
    clients: [demoClient([publicUrl + ESIA_CALLBACK_PATH])],
    personas: people.personas,
  });
  const dnevnik = await startDnevnikEmulator({
    port: 0,
    data: people.dnevnikData,
    gateway: {
      url: publicUrl,
      instanceId: 'dnevnik-86',
      oidc: { clientSecret: demoOidcClientSecret('dnevnik-86') },
    },
  });
  const proxy = await startFaultProxy(dnevnik.url);
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'elg-crash-config-'));
  writeFileSync(path.join(configDir, 'tenants.json'), readFileSync(fromRoot('config/tenants.json')));
  const shipped = JSON.parse(readFileSync(fromRoot('config/instances.json'), 'utf8')) as Array<{
    id: string;
    oidc: Record<string, unknown>;
  }>;
  const dnevnikEntry = shipped.find((i) => i.id === 'dnevnik-86')!;
  const d = dnevnik.url;
  writeFileSync(
    path.join(configDir, 'instances.json'),
    JSON.stringify([
      {
        ...dnevnikEntry,
        baseUrl: proxy.url,
        oidc: {
          ...dnevnikEntry.oidc,
          redirectUris: [`${d}/oidc/callback`],
          postLogoutRedirectUris: [`${d}/`],
          backchannelLogoutUri: `${d}/oidc/backchannel-logout`,
          signInUrl: `${d}/`,
          settingsUrl: `${d}/`,
        },
      },
    ]),
  );
  const baseEnv = {
    DATABASE_URL: pg.url,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `elg-crash-${process.pid}-${randomBytes(3).toString('hex')}:`,
    PUBLIC_URL: publicUrl,
    ESIA_BASE_URL: esia.url,
    CONFIG_DIR: configDir,
    EMULATORS: 'false',
    LOG_LEVEL: 'error',
    SHUTDOWN_GRACE_MS: '0',
    DATABASE_POOL_MAX: '4',
    ...env,
  };
  const processes: GatewayProcess[] = [];
  /** What each of the gateway's connections is doing now: the evidence when a wait above runs out. */
  const gatewayBackends = async () =>
    (
      await sql.query<{ state: string | null; wait: string | null; query: string }>(
        `SELECT state, wait_event AS wait, left(query, 120) AS query FROM pg_stat_activity
          WHERE application_name = 'esia-link-gateway'`,
      )
    ).rows;
  const journeys = {
    gatewayUrl: publicUrl,
    dnevnik,
    esia,
    async throughEsia(browser: JourneyBrowser, startUrl: string, persona: string) {
      const start = await browser.follow(startUrl, { stopAt: (u) => u.origin === esia.url });
      if (!start.location?.startsWith(esia.url))
        throw new Error(`expected a redirect to ESIA, got ${start.status}\n${start.text.slice(0, 300)}`);
      const back = await signInAndDecide(
        esia.url,
        browser as unknown as TestBrowser,
        start.location,
        persona,
        'grant',
      );
      return browser.follow(back.toString(), { stopAt: (u) => u.origin !== publicUrl });
    },
  } as unknown as JourneyHarness;

  return {
    pg,
    esia,
    dnevnik,
    proxy,
    sql,
    journeys,
    publicUrl,
    async start(onPort = port) {
      const gw = spawnGateway({ ...baseEnv, PORT: String(onPort) });
      processes.push(gw);
      await gw.listening;
      return gw;
    },
    async kill(gw) {
      if (gw.child.exitCode === null && gw.child.signalCode === null) {
        gw.child.kill('SIGKILL');
        await gw.exited;
      }
    },
    async waitForWriter(holding, lockOn, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await sql.query(
          `SELECT 1 FROM pg_stat_activity a
            WHERE a.application_name = 'esia-link-gateway'
              AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted
                            AND l.relation = $1::regclass AND l.mode = 'RowExclusiveLock')
              AND CASE WHEN $2::text IS NULL THEN a.wait_event = 'SyncRep'
                       ELSE EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted
                                      AND l.relation = $2::regclass) END`,
          [holding, lockOn ?? null],
        );
        if (rows.length) return;
        if (Date.now() > deadline)
          throw new Error(
            `no gateway transaction writing ${holding} waits within ${timeoutMs} ms; the gateway's backends: ` +
              JSON.stringify(await gatewayBackends()),
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async waitUntilQuiet(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let quietPolls = 0;
      while (quietPolls < 5) {
        const busy = (await gatewayBackends()).filter((b) => b.state !== 'idle');
        quietPolls = busy.length ? 0 : quietPolls + 1;
        if (busy.length && Date.now() > deadline)
          throw new Error(`the gateway is still busy after ${timeoutMs} ms: ${JSON.stringify(busy)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      for (const gw of processes)
        if (gw.child.exitCode === null && gw.child.signalCode === null) {
          gw.child.kill('SIGKILL');
          await gw.exited;
        }
      await sql.end().catch(() => undefined);
      await proxy.close();
      await dnevnik.close();
      await esia.close();
      await pg.destroy();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
