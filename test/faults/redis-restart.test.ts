import { spawnSync } from 'node:child_process';
import {
  askDecision,
  demoVendorKey,
  eventually,
  get,
  startPrivateRedis,
  UNAVAILABLE_RU,
  type PrivateRedis,
} from '../support/fault-tools';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(90_000);

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer && process.env.REQUIRE_REAL_SERVICES === '1')
  it('redis-server is installed (REQUIRE_REAL_SERVICES=1)', () => expect(hasRedisServer).toBe(true));

(hasRedisServer ? describe : describe.skip)('when Redis stops and starts under a running gateway', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let gw: GatewayProcess;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    redis = await startPrivateRedis();
    gw = spawnGateway({
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      PORT: '0',
      // The test's requests reach the process at 127.0.0.1: PUBLIC_URL's host (another one is redirected).
      PUBLIC_URL: 'http://127.0.0.1',
      LOG_LEVEL: 'error',
      EMULATORS: 'false',
      POLICY_CACHE_MAX_AGE_MS: '5000',
    });
    url = await gw.listening;
  });

  afterAll(async () => {
    if (gw && gw.child.exitCode === null) {
      gw.child.kill('SIGTERM');
      await gw.exited;
    }
    await redis?.stop();
    await db?.drop();
  });

  /** Starts an ESIA sign-in: the state goes to Redis and the session cookie comes back. */
  async function startSignIn(cookie?: string) {
    const response = await fetch(`${url}/auth/esia/start`, {
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
      signal: AbortSignal.timeout(10_000),
    });
    return {
      status: response.status,
      cookie: response.headers.get('set-cookie')?.split(';')[0],
      text: await response.text(),
    };
  }

  it('sessions, one-time state and vendor nonces fail fast with clear errors, the policy cache keeps serving, and all recover by themselves', async () => {
    const key = demoVendorKey('dnevnik-86');
    const before = await startSignIn();
    expect(before.status).toBe(302);
    expect(before.cookie).toMatch(/^elg\.sid=/);
    expect((await askDecision(url, key, 'before')).status).toBe(200);
    expect((await get(`${url}/info?instance=dnevnik-86`)).status).toBe(200);

    await redis.stop();
    await eventually(async () => (await get(`${url}/readyz`)).status === 503, 5000, '/readyz 503');
    const readyz = await get(`${url}/readyz`);
    expect(readyz.json).toMatchObject({ dependencies: { redis: 'down', postgres: 'up' } });

    // A vendor: JSON with a stable code, within the outage budget (no waiting for timeouts).
    const decision = await askDecision(url, key, 'during');
    expect(decision.status).toBe(503);
    expect(decision.json?.error).toMatchObject({ code: 'dependency_unavailable', message: UNAVAILABLE_RU });
    expect(decision.ms).toBeLessThan(2500);
    // A person with a session: the Russian page with a support reference, quickly.
    const page = await get(`${url}/`, { cookie: before.cookie! });
    expect(page.status).toBe(503);
    expect(page.text).toContain(UNAVAILABLE_RU);
    expect(page.text).toContain('Код обращения в поддержку');
    expect(page.ms).toBeLessThan(2500);
    // A new sign-in cannot store its state: refused the same way, never a redirect with a state nobody kept.
    const signIn = await startSignIn();
    expect(signIn.status).toBe(503);
    expect(signIn.text).toContain(UNAVAILABLE_RU);
    // The cutover policy is cached in memory (reloaded from PostgreSQL, not Redis): the information page serves.
    const info = await get(`${url}/info?instance=dnevnik-86`);
    expect(info.status).toBe(200);

    await redis.start();
    await eventually(async () => (await get(`${url}/readyz`)).status === 200, 15_000, '/readyz 200');
    await eventually(async () => (await askDecision(url, key, 'after')).status === 200, 10_000, 'decisions');
    const after = await startSignIn();
    expect(after.status).toBe(302);
    // The restarted Redis kept nothing (no persistence here): the old cookie simply starts a new session.
    expect((await get(`${url}/`, { cookie: before.cookie! })).status).toBe(200);
    expect(gw.child.exitCode).toBeNull();
  });
});
