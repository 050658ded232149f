import { demoVendorKey } from '../support/fault-tools';
import { signedVendorFetch } from '../support/full-gateway';
import {
  MISCONFIGURED_INSTANCE as INSTANCE,
  startMisconfiguredDiaryGateway,
  type MisconfiguredDiaryGateway,
} from '../support/misconfigured-diary-gateway';

jest.setTimeout(60_000);

/**
 * Issue 22: a diary whose API refuses the gateway's credential (401, a wrong key id or secret in the
 * configuration) is a configuration fault for every adapter alike (adapters/diary-api/diary-api.extension.ts),
 * through the whole gateway (in-process, real PostgreSQL and Redis). As an outage it would open the breaker and
 * read «не отвечает», though the diary answers; as a configuration fault the circuit stays closed, so the route
 * probe must say it, or the console would read «работает» while every call fails.
 */
const at = new Date('2026-12-07T09:00:00Z');
let h: MisconfiguredDiaryGateway;

beforeAll(async () => {
  h = await startMisconfiguredDiaryGateway(at, { refusesCredential: true });
});

afterAll(async () => {
  await h?.close();
});

describe('a diary instance whose API refuses the gateway’s credential', () => {
  it('is logged at start as misconfigured, naming the refusal', () => {
    const line = h.logs.lines
      .map((l) => JSON.parse(l) as { msg: string; instance?: string; refusal?: string })
      .find((l) => l.instance === INSTANCE && l.refusal);
    expect(line?.refusal).toBe('diary-api: /capabilities: HTTP 401 (credential refused)');
    expect(line?.msg).toMatch(/eljur-39 is misconfigured: its server refuses the gateway/);
  });

  it('/readyz says the diary is degraded by its configuration, with no route missing', async () => {
    const res = await fetch(`${h.gateway.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'degraded',
      dependencies: { postgres: 'up', redis: 'up' },
      diaries: { [INSTANCE]: { status: 'degraded', reason: 'configuration', missingRoutes: [] } },
    });
  });

  it('/metrics counts it as a configuration fault (the DiaryInstanceMisconfigured alert), not an outage', async () => {
    const text = await (await fetch(`${h.gateway.metricsUrl}/metrics`)).text();
    expect(text).toMatch(/^elg_diary_instance_degraded\{diary="eljur-39",reason="configuration"\} 1$/m);
    expect(text).toMatch(/^elg_diary_instance_degraded\{diary="eljur-39",reason="outage"\} 0$/m);
  });

  it('the password decision answers 503 dependency_unavailable, never deny', async () => {
    const res = await signedVendorFetch(
      h.gateway.url,
      demoVendorKey(INSTANCE),
      h.clock.now(),
      'POST',
      '/api/vendor/v1/password-login/decision',
      JSON.stringify({ userId: '39001' }),
    );
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error?: { code: string } }).error?.code).toBe('dependency_unavailable');
  });

  it('the console shows «ошибка настройки», without a count of missing routes', async () => {
    const cookie = await h.operatorCookie();
    const page = await (await fetch(`${h.gateway.url}/ops`, { headers: { cookie } })).text();
    const item =
      /<li class="health-(\w+)">\s*<span class="health-name">ЭлЖур[^<]*<\/span>\s*<span class="health-state">([^<]*)<\/span>\s*(<span class="health-detail")?/.exec(
        page,
      );
    expect({ state: item?.[1], label: item?.[2], detail: item?.[3] }).toEqual({
      state: 'misconfigured',
      label: 'ошибка настройки',
      detail: undefined,
    });
  });
});
