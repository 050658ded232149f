import { signVendorRequest } from '../../emulators/cop-hmao/gateway.client';
import { demoClient } from '../../emulators/esia/esia-emulator.options';
import { startEsiaEmulator, type EsiaEmulator } from '../../emulators/esia/esia-emulator.server';
import type { TestBrowser } from '../../emulators/esia/testing/esia-test-client';
import { ESIA_CALLBACK_PATH } from '../../src/esia/create-esia';
import {
  askDecision,
  demoVendorKey,
  eventually,
  sleep,
  startDecisionLoad,
  vendorRequest,
} from '../support/fault-tools';
import { freePort } from '../support/private-postgres';
import { startRedisSentinelSet, type RedisSentinelSet } from '../support/redis-sentinel';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  backToShadow,
  enforcedRegion86,
  esiaSignInBroughtBack,
  PUBSUB_GATEWAY_ENV,
  stopGateways,
  untilNoLongerDenied,
} from '../support/two-gateways';

// Two gateway starts and a Sentinel set: 120 s measured under a load average of 15.
jest.setTimeout(240_000);

const DECISION = '/api/vendor/v1/password-login/decision';
const PER_LOGIN = 5;
const STALE_SIGN_IN_RU = 'Вход через Госуслуги не завершён: страница устарела';

/**
 * Issue 12, item 2. Two gateway processes on REDIS_MODE=sentinel (three sentinels, a master and one replica);
 * the master is killed (SIGKILL) under a load of password decisions and the sentinels promote the replica.
 */
describe('when the Redis master dies and Sentinel promotes its replica, under load', () => {
  let redis: RedisSentinelSet;
  let db: TestDatabase;
  let esia: EsiaEmulator;
  let token: string;
  const gateways: GatewayProcess[] = [];
  let urls: [string, string];
  const key = demoVendorKey('dnevnik-86');

  beforeAll(async () => {
    const [set, database] = await Promise.all([startRedisSentinelSet(), createTestDatabase()]);
    redis = set;
    db = database;
    ({ token } = await enforcedRegion86(db, 'enforced before the failover'));
    // Behind one public address (a load balancer): ESIA sends browsers back to the first.
    const ports = [await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${ports[0]}`;
    esia = await startEsiaEmulator({ clients: [demoClient([publicUrl + ESIA_CALLBACK_PATH])] });
    const env = {
      DATABASE_URL: db.url,
      REDIS_MODE: 'sentinel',
      REDIS_SENTINELS: redis.sentinelList,
      REDIS_SENTINEL_NAME: redis.name,
      PUBLIC_URL: publicUrl,
      ESIA_BASE_URL: esia.url,
      LOG_LEVEL: 'error',
      DECISION_LIMIT_PER_LOGIN: String(PER_LOGIN),
      ...PUBSUB_GATEWAY_ENV,
    };
    for (const port of ports) gateways.push(spawnGateway({ ...env, PORT: String(port) }));
    await Promise.all(gateways.map((g) => g.listening));
    urls = ports.map((p) => `http://127.0.0.1:${p}`) as [string, string];
  });

  afterAll(async () => {
    await stopGateways(gateways, 'SIGTERM');
    await esia?.close();
    await redis?.stop();
    await db?.drop();
  });

  /** A sign-in started on A and brought back from ESIA, its callback not yet opened: a session in progress. */
  const signInInProgress = () => esiaSignInBroughtBack(urls[0], esia.url, 'parent-two-schools');

  /** Opens a sign-in's callback on gateway `base`: the page a person sees. */
  async function finish(s: { browser: TestBrowser; callback: URL }, base: string) {
    const page = await s.browser.get(new URL(s.callback.pathname + s.callback.search, base).toString());
    return { status: page.status, text: await page.text() };
  }

  /** A signed vendor request whose headers can be sent again (a replay of its nonce). */
  function signedDecision(userId: string) {
    const body = JSON.stringify({ userId, birthDate: '2000-01-01', roles: ['parent'] });
    const headers = signVendorRequest({
      method: 'POST',
      pathWithQuery: DECISION,
      body,
      keyId: key.keyId,
      secret: key.secret,
      now: new Date(),
    });
    return (base: string) =>
      fetch(base + DECISION, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });
  }

  const decision = (base: string, userId: string, birthDate: string, roles: string[]) =>
    vendorRequest(base, key, 'POST', DECISION, { userId, birthDate, roles });

  it('sessions continue or ask to start again, one-time values stay spent, limits keep limiting, and a policy change reaches both processes within 1 s', async () => {
    const [a, b] = urls;
    // Before: a finished sign-in (its state now spent), sign-ins in progress, a spent vendor nonce, a login
    // at its rate limit.
    const done = await signInInProgress();
    expect((await finish(done, b)).text).toContain('Вы вошли как');
    const inProgress = [];
    for (let i = 0; i < 4; i++) inProgress.push(await signInInProgress());
    const spentNonce = signedDecision('nonce-user');
    expect((await spentNonce(a)).status).toBe(200);
    for (let i = 0; i < PER_LOGIN; i++) expect((await askDecision(a, key, 'limited-user')).status).toBe(200);
    expect((await askDecision(b, key, 'limited-user')).status).toBe(429);

    const load = startDecisionLoad(key, [a, b, a, b], { prefix: 'sentinel', pauseMs: 30 });
    const outcomes = load.results;
    await sleep(500);

    const killedAt = Date.now();
    const oldMaster = await redis.killMaster();
    const newMaster = await redis.waitForNewMaster(oldMaster, 30_000);
    const promotedAt = Date.now();
    for (const base of urls)
      await eventually(
        () => outcomes.some((o) => o.gateway === base && o.at > promotedAt && o.status === 200),
        15_000,
        `decisions on ${base} after the promotion`,
      );
    await sleep(300);
    await load.stop();

    // Never a 500 or a dropped connection: a decision, or a 503 while no master answered.
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].every((s) => s === 200 || s === 503)).toBe(true);
    for (const o of outcomes.filter((x) => x.status === 503))
      expect(o.json?.error?.code).toBe('dependency_unavailable');

    // Sessions in progress: each either finishes or asks to start again; none is a 500.
    const finished = await Promise.all(inProgress.map((s, i) => finish(s, urls[i % 2]!)));
    let continued = 0;
    for (const page of finished) {
      if (page.status === 200 && page.text.includes('Вы вошли как')) continued++;
      else {
        expect(page.status).toBe(400);
        expect(page.text).toContain(STALE_SIGN_IN_RU);
      }
    }
    // One-time values stay spent: the finished sign-in's state and the vendor nonce are refused again.
    const replayedCallback = await finish(done, a);
    expect(replayedCallback.status).toBe(400);
    expect(replayedCallback.text).toContain(STALE_SIGN_IN_RU);
    const replayedNonce = await spentNonce(b);
    expect(replayedNonce.status).toBe(401);
    // Rate limits keep limiting: the counter from before the failover, and a new one after it.
    expect((await askDecision(a, key, 'limited-user')).status).toBe(429);
    for (let i = 0; i < PER_LOGIN; i++)
      expect((await askDecision(i % 2 ? a : b, key, 'limited-after')).status).toBe(200);
    expect((await askDecision(a, key, 'limited-after')).status).toBe(429);

    // Pub/sub reconnected to the new master: a change made through A is seen by B within a second. The
    // subscriber connections come back on their own schedule (backoff up to 2 s), so the change waits for both;
    // one made before a process is back reaches it by the reload that follows its resubscription
    // (test/integration/linked-answers.test.ts, test/unit/policy-cache.test.ts).
    await eventually(
      async () => (await redis.subscribersOn(newMaster, 'esia-link-gateway:sub')) === 2,
      10_000,
      'both processes subscribed again, on the new master',
    );
    const fifteen = `${new Date().getUTCFullYear() - 15}-01-01`;
    expect((await decision(b, 'policy-0', fifteen, ['student'])).json?.['decision']).toBe('deny');
    const changed = await backToShadow(a, token, 'after the Redis failover: back to shadow');
    expect(changed.status).toBe(200);
    const seen = await untilNoLongerDenied(async (n) =>
      String((await decision(b, `policy-${n + 1}`, fifteen, ['student'])).json?.['decision']),
    );
    const propagationMs = seen.ms;
    expect(seen.decision).toBe('allow');

    const unavailable = outcomes.filter((o) => o.status === 503).length;
    process.stdout.write(
      `redis sentinel failover: master ${oldMaster} killed, ${newMaster} promoted after ${promotedAt - killedAt} ms; ` +
        `decisions ${outcomes.length} (503 ${unavailable}, 500 0); sign-ins in progress ${inProgress.length}, ` +
        `continued ${continued}, asked to start again ${inProgress.length - continued}; replays refused 2 of 2; ` +
        `policy change seen by the other process after ${propagationMs} ms\n`,
    );
    expect(propagationMs).toBeLessThan(1000);
    expect(gateways.every((g) => g.child.exitCode === null)).toBe(true);
  });
});
