import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { demoClient } from '../../emulators/esia/esia-emulator.options';
import { startEsiaEmulator, type EsiaEmulator } from '../../emulators/esia/esia-emulator.server';
import { systemClock } from '../../src/core/clock';
import { ESIA_CALLBACK_PATH } from '../../src/esia/create-esia';
import { createLogger } from '../../src/logger';
import { DiaryDirectory } from '../../src/services/diary-directory';
import { OutboxWorker } from '../../src/services/outbox-worker';
import { AccessRequestsRepository } from '../../src/store/access-requests.repository';
import { createDataSource } from '../../src/store/data-source';
import {
  dnevnikBehindFaultProxy,
  startPrivateRedis,
  type DnevnikBehindProxy,
  type FaultProxy,
  type PrivateRedis,
} from '../support/fault-tools';
import { freePort } from '../support/private-postgres';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { esiaSignInBroughtBack } from '../support/two-gateways';

jest.setTimeout(90_000);

// A policy change reaching every process within 1 s is shown in test/integration/policy-propagation.test.ts.

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) {
  console.warn('scale-out.test: no redis-server binary, so the two-process test does NOT run');
  if (process.env.REQUIRE_REAL_SERVICES === '1')
    it('redis-server is installed (REQUIRE_REAL_SERVICES=1)', () => expect(hasRedisServer).toBe(true));
}

(hasRedisServer ? describe : describe.skip)('two gateway processes sharing PostgreSQL and Redis', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let esia: EsiaEmulator;
  const gateways: GatewayProcess[] = [];
  let urls: string[];

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    redis = await startPrivateRedis();
    // Behind a load balancer both answer for one public address: the one ESIA sends browsers back to.
    const ports = [await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${ports[0]}`;
    esia = await startEsiaEmulator({ clients: [demoClient([publicUrl + ESIA_CALLBACK_PATH])] });
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      PUBLIC_URL: publicUrl,
      ESIA_BASE_URL: esia.url,
      LOG_LEVEL: 'error',
      EMULATORS: 'false',
    };
    // One after the other: the first applies the migrations and the configuration.
    for (const port of ports) {
      const gw = spawnGateway({ ...env, PORT: String(port) });
      gateways.push(gw);
      await gw.listening;
    }
    urls = ports.map((p) => `http://127.0.0.1:${p}`);
  });

  afterAll(async () => {
    for (const gw of gateways) if (gw.child.exitCode === null) gw.child.kill('SIGTERM');
    await Promise.all(gateways.map((gw) => gw.exited));
    await esia?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('an ESIA sign-in started on one process finishes on the other: the cookie, the session and the state are shared', async () => {
    const [a, b] = urls as [string, string];
    const { browser, callback: back } = await esiaSignInBroughtBack(a, esia.url, 'parent-two-schools');
    const onB = new URL(back.pathname + back.search, b);
    const page = await browser.get(onB.toString());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Вы вошли как Иванова Елена Сергеевна');
    // The state was used up on B, so the same callback on A is refused: single use across processes.
    const replay = await browser.get(new URL(back.pathname + back.search, a).toString());
    expect(replay.status).toBe(400);
  });
});

describe('the outbox with two workers (two pools, as two processes have)', () => {
  let db: TestDatabase;
  let diary: DnevnikBehindProxy;
  let proxy: FaultProxy;
  const USERS = ['1000000000000000101', '1000000000000000102', '1000000000000000108', '1000000000000000120'];
  const MESSAGES = 60;

  beforeAll(async () => {
    db = await createTestDatabase();
    diary = await dnevnikBehindFaultProxy(db);
    proxy = diary.proxy;
  });

  afterAll(async () => {
    await diary?.close();
    await db?.drop();
  });

  it('delivers each message exactly once: the vendor counts as many calls as there are messages', async () => {
    for (let i = 0; i < MESSAGES; i++) {
      const payload = {
        linkId: randomUUID(),
        userId: USERS[i % USERS.length]!,
        at: new Date().toISOString(),
      };
      await db.dataSource.query(
        `INSERT INTO outbox (instance_id, topic, payload, idempotency_key) VALUES ('dnevnik-86', 'link.created', $1, $2)`,
        [payload, `link.created:${payload.linkId}`],
      );
    }
    const logger = createLogger({ level: 'silent' });
    const workers = await Promise.all(
      [1, 2].map(async () => {
        const dataSource = createDataSource({ url: db.url, poolMax: 2 });
        await dataSource.initialize();
        const diaries = await DiaryDirectory.load(dataSource, {
          env: {},
          logger,
          clock: systemClock,
          timeoutMs: 2000,
        });
        const worker = new OutboxWorker(
          {
            dataSource,
            diaries,
            requests: new AccessRequestsRepository(dataSource),
            clock: systemClock,
            logger,
          },
          { pollMs: 10, batchSize: 5, leaseMs: 30_000, backoffBaseMs: 60_000, backoffMaxMs: 60_000 },
        );
        return { dataSource, worker };
      }),
    );
    // Both claim concurrently, batch after batch, until nothing is left.
    const delivered = [0, 0];
    await Promise.all(
      workers.map(async ({ worker }, i) => {
        for (let n = await worker.runOnce(); n > 0 || (await pending()) > 0; n = await worker.runOnce())
          delivered[i]! += n;
      }),
    );
    for (const { dataSource } of workers) await dataSource.destroy();

    // Дневник.ру takes link notices through the diary-API extension it deploys (adapters/dnevnik/README.md).
    const calls = [...proxy.counts].filter(([k]) => k.startsWith('POST ') && k.endsWith('/link-notices'));
    expect(calls.reduce((sum, [, n]) => sum + n, 0)).toBe(MESSAGES);
    expect(delivered[0]! + delivered[1]!).toBe(MESSAGES);
    expect(delivered[0]).toBeGreaterThan(0);
    expect(delivered[1]).toBeGreaterThan(0);
    const rows = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NOT NULL AND attempts = 1`,
    )) as Array<{ n: number }>;
    expect(rows[0]!.n).toBe(MESSAGES);
  });

  async function pending(): Promise<number> {
    const rows = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL`,
    )) as Array<{
      n: number;
    }>;
    return rows[0]!.n;
  }
});
