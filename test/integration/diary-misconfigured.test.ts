import { demoVendorKey } from '../support/fault-tools';
import { signedVendorFetch } from '../support/full-gateway';
import {
  MISCONFIGURED_INSTANCE as INSTANCE,
  startMisconfiguredDiaryGateway,
  type MisconfiguredDiaryGateway,
} from '../support/misconfigured-diary-gateway';

jest.setTimeout(60_000);

/**
 * Issue 22, "no silent failure", through the whole gateway (in-process, real PostgreSQL and Redis): the
 * reference diary's instance (eljur-39, a diary of the published API) is pointed at a server that has none of
 * the API's routes, a tiny express app answering every request 404, as a wrong base URL would. Before issue 22
 * nothing said so: /readyz was ready, the console said «работает», and every password decision that had to
 * read the profile answered as for an unknown student.
 */
const at = new Date('2026-12-07T09:00:00Z');
let h: MisconfiguredDiaryGateway;

beforeAll(async () => {
  h = await startMisconfiguredDiaryGateway(at);
});

afterAll(async () => {
  await h?.close();
});

/** The console's health line of the diary (ЭлЖур) on `path`: its state, label and detail (if any). */
async function consoleHealth(harness: MisconfiguredDiaryGateway, path: string) {
  const cookie = await harness.operatorCookie();
  const page = await (await fetch(`${harness.gateway.url}${path}`, { headers: { cookie } })).text();
  const item =
    /<li class="health-(\w+)">\s*<span class="health-name">ЭлЖур[^<]*<\/span>\s*<span class="health-state">([^<]*)<\/span>\s*(?:<span class="health-detail"\s*>([^<]*)<)?/.exec(
      page,
    );
  return { state: item?.[1], label: item?.[2], detail: item?.[3]?.replace(/\s+/g, ' ') };
}

const MISSING = [
  'GET /capabilities',
  'GET /users/{userId}',
  'GET /users/{userId}/memberships',
  'GET /users/{userId}/children',
  'GET /organizations',
  'POST /password-checks',
  'POST /school-records/search',
  'POST /link-notices',
  'POST /access-requests',
  'GET /access-requests/{id}',
  'GET /statistics/active-users',
];

/** A signed vendor request at the gateway's clock (the HMAC timestamp must be within its window). */
async function decision(path: string, body: unknown, harness = h) {
  const res = await signedVendorFetch(
    harness.gateway.url,
    demoVendorKey(INSTANCE),
    harness.clock.now(),
    'POST',
    `/api/vendor/v1${path}`,
    JSON.stringify(body),
  );
  return { status: res.status, json: (await res.json()) as { error?: { code: string } } };
}

describe('a diary instance whose server lacks the routes its adapter calls', () => {
  it('is logged at start as misconfigured, naming each missing route', () => {
    const line = h.logs.lines
      .map((l) => JSON.parse(l) as { msg: string; instance?: string; missingRoutes?: string[] })
      .find((l) => l.instance === INSTANCE && l.missingRoutes);
    expect(line?.missingRoutes).toEqual(MISSING);
    expect(line?.msg).toMatch(/eljur-39 is misconfigured.*lacks 11 of 11 routes/);
  });

  it('/readyz stays 200 (the balancer keeps the process) and says which diary is degraded, and why', async () => {
    const res = await fetch(`${h.gateway.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'degraded',
      dependencies: { postgres: 'up', redis: 'up' },
      diaries: { [INSTANCE]: { status: 'degraded', reason: 'configuration', missingRoutes: MISSING } },
    });
  });

  it('/readyz asks the diary again only after the cache time, so it stays cheap', async () => {
    const before = h.calls.length;
    for (let i = 0; i < 5; i++) await fetch(`${h.gateway.url}/readyz`);
    expect(h.calls.length).toBe(before);
  });

  it('/metrics has the degraded gauge per diary and reason', async () => {
    const text = await (await fetch(`${h.gateway.metricsUrl}/metrics`)).text();
    expect(text).toMatch(/^elg_diary_instance_degraded\{diary="eljur-39",reason="configuration"\} 1$/m);
    expect(text).toMatch(/^elg_diary_instance_degraded\{diary="eljur-39",reason="outage"\} 0$/m);
  });

  it('the password decision answers 503 dependency_unavailable, never deny, when the profile cannot be read', async () => {
    for (const path of ['/password-login/decision', '/password-reset/decision']) {
      const answer = await decision(path, { userId: '39001' });
      expect({ path, status: answer.status, code: answer.json.error?.code }).toEqual({
        path,
        status: 503,
        code: 'dependency_unavailable',
      });
    }
  });

  it('the decision still answers when the vendor sends the birth date (no profile read needed)', async () => {
    const answer = await decision('/password-login/decision', {
      userId: '39001',
      birthDate: '1980-03-04',
      roles: ['teacher'],
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ decision: 'deny' });
  });

  it('the console shows «ошибка настройки» for the diary, not «работает» nor «не отвечает»', async () => {
    for (const path of ['/ops', '/ops/regions/39'])
      expect({ path, ...(await consoleHealth(h, path)) }).toEqual({
        path,
        state: 'misconfigured',
        label: 'ошибка настройки',
        detail: 'сервер дневника не знает 11 вызовов шлюза из 11: проверьте адрес дневника в настройках',
      });
  });

  it("a link notice is retried, never closed as 'gone', and its last error names the configuration fault", async () => {
    await h.db.dataSource.query(
      `INSERT INTO outbox (instance_id, topic, payload, idempotency_key, next_attempt_at)
       VALUES ($1, 'link.created', $2, 'link.created:misconfigured', $3)`,
      [INSTANCE, JSON.stringify({ linkId: '00000000-0000-4000-8000-0000000000c1', userId: '39001', at }), at],
    );
    const row = async () =>
      (
        await h.db.dataSource.query(
          `SELECT attempts, delivered_at AS "deliveredAt", last_error AS "lastError"
             FROM outbox WHERE idempotency_key = 'link.created:misconfigured'`,
        )
      )[0] as { attempts: number; deliveredAt: Date | null; lastError: string | null };
    for (let i = 0; i < 100 && (await row()).attempts < 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await row()).toEqual({
      attempts: 1,
      deliveredAt: null,
      lastError: 'VendorUnavailableError(configuration): diary-api: /link-notices: HTTP 404',
    });
    // Later (past the backoff) it is tried again: the notice waits for the configuration to be fixed.
    h.clock.set(new Date(at.getTime() + 60 * 60_000));
    for (let i = 0; i < 100 && (await row()).attempts < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await row()).toMatchObject({ attempts: 2, deliveredAt: null });
  });
});

/**
 * The same diary's API there, but refusing the gateway's credential (401 signature_invalid: a wrong key id or
 * secret in the configuration). A configuration fault for every adapter alike (adapters/diary-api/
 * diary-api.extension.ts): as an outage it would open the breaker and read «не отвечает» though the diary
 * answers; as a configuration fault the breaker stays closed, so the route probe must say it, or the console
 * would read «работает» while every call fails.
 */
describe('a diary instance whose API refuses the gateway’s credential', () => {
  let refused: MisconfiguredDiaryGateway;
  beforeAll(async () => {
    refused = await startMisconfiguredDiaryGateway(at, { refusesCredential: true });
  });
  afterAll(async () => {
    await refused?.close();
  });

  it('is logged at start as misconfigured, naming the refusal', () => {
    const line = refused.logs.lines
      .map((l) => JSON.parse(l) as { msg: string; instance?: string; refusal?: string })
      .find((l) => l.instance === INSTANCE && l.refusal);
    expect(line?.refusal).toBe('diary-api: /capabilities: HTTP 401 (credential refused)');
    expect(line?.msg).toMatch(/eljur-39 is misconfigured: its server refuses the gateway/);
  });

  it('/readyz and /metrics say degraded by its configuration (the alert), with no route missing', async () => {
    expect(await (await fetch(`${refused.gateway.url}/readyz`)).json()).toMatchObject({
      diaries: { [INSTANCE]: { status: 'degraded', reason: 'configuration', missingRoutes: [] } },
    });
    const text = await (await fetch(`${refused.gateway.metricsUrl}/metrics`)).text();
    expect(text).toMatch(/^elg_diary_instance_degraded\{diary="eljur-39",reason="configuration"\} 1$/m);
    expect(text).toMatch(/^elg_diary_instance_degraded\{diary="eljur-39",reason="outage"\} 0$/m);
  });

  it('the password decision answers 503 dependency_unavailable, never deny', async () => {
    const answer = await decision('/password-login/decision', { userId: '39001' }, refused);
    expect({ status: answer.status, code: answer.json.error?.code }).toEqual({
      status: 503,
      code: 'dependency_unavailable',
    });
  });

  it('the console shows «ошибка настройки», without a count of missing routes', async () => {
    expect(await consoleHealth(refused, '/ops')).toEqual({
      state: 'misconfigured',
      label: 'ошибка настройки',
      detail: undefined,
    });
  });
});
