import { VendorUnavailableError } from '../../adapters/contract';
import { TestBrowser, signInAndDecide } from '../../emulators/esia/testing/esia-test-client';
import { systemClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import { DiaryDirectory } from '../../src/services/diary-directory';
import { startEsiaHarness, type EsiaHarness } from '../support/esia-harness';
import {
  dnevnikBehindFaultProxy,
  sleep,
  type DnevnikBehindProxy,
  type FaultProxy,
} from '../support/fault-tools';
import { JourneyBrowser } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TestRelyingParty } from '../support/test-relying-party';

jest.setTimeout(60_000);

const DIARY_DOWN_RU = 'Электронный дневник сейчас не отвечает. Попробуйте позже.';
const ESIA_DOWN_RU = 'Портал Госуслуг сейчас не отвечает. Попробуйте войти через несколько минут.';
const USER = '1000000000000000101';

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const started = Date.now();
  const [result] = await Promise.allSettled([work()]);
  return { ms: Date.now() - started, result: result! };
}

function expectVendorUnavailable(
  outcome: { ms: number; result: PromiseSettledResult<unknown> },
  detail: RegExp,
) {
  expect(outcome.result.status).toBe('rejected');
  const reason = (outcome.result as PromiseRejectedResult).reason as Error;
  expect(reason).toBeInstanceOf(VendorUnavailableError);
  expect(reason.message).toMatch(detail);
}

describe('a diary vendor that is slow, then down, behind its circuit breaker (real adapter, emulator behind a proxy)', () => {
  let db: TestDatabase;
  let diary: DnevnikBehindProxy;
  let proxy: FaultProxy;
  let diaries: DiaryDirectory;

  beforeAll(async () => {
    db = await createTestDatabase();
    diary = await dnevnikBehindFaultProxy(db);
    proxy = diary.proxy;
    diaries = await DiaryDirectory.load(db.dataSource, {
      env: {},
      logger: createLogger({ level: 'silent' }),
      clock: systemClock,
      timeoutMs: 300,
      breaker: { failureThreshold: 3, openMs: 1500 },
    });
  });

  afterAll(async () => {
    await diary?.close();
    await db?.drop();
  });

  const calls = () => proxy.counts.get(`GET /elg/v1/users/${USER}`) ?? 0;

  it('times out, opens after 3 failures and fails fast without calling, then a probe closes it when the vendor heals', async () => {
    const adapter = diaries.get('dnevnik-86').adapter;
    expect(await adapter.getProfile(USER)).not.toBeNull();
    const healthyCalls = calls();
    expect(healthyCalls).toBeGreaterThan(0);

    proxy.delayMs = 1000; // slower than the 300 ms timeout
    for (let i = 0; i < 3; i++) {
      const slow = await timed(() => adapter.getProfile(USER));
      expectVendorUnavailable(slow, /no answer in 300 ms|unreachable/);
      expect(slow.ms).toBeLessThan(1000);
    }
    const reached = calls();
    expect(reached).toBe(healthyCalls + 3);

    // Open: an answer at once, and not one request reaches the vendor.
    const open = await timed(() => adapter.getProfile(USER));
    expectVendorUnavailable(open, /circuit open/);
    expect(open.ms).toBeLessThan(100);
    expect(calls()).toBe(reached);

    // Down as well: after the open period one probe goes, fails, and the circuit opens again.
    proxy.delayMs = 0;
    proxy.setDown(true);
    await sleep(1600);
    expectVendorUnavailable(await timed(() => adapter.getProfile(USER)), /unreachable/);
    expectVendorUnavailable(await timed(() => adapter.getProfile(USER)), /circuit open/);

    proxy.setDown(false);
    await sleep(1600);
    expect(await adapter.getProfile(USER)).not.toBeNull(); // the probe
    expect(await adapter.getProfile(USER)).not.toBeNull(); // closed again
  });
});

describe('a diary vendor that is down, as a person sees it (journey harness)', () => {
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await startJourneyHarness();
  });
  afterAll(() => h.close());

  it('the password form answers the Russian page «Электронный дневник сейчас не отвечает», and works again when the vendor is back', async () => {
    // A link request the diary pushed without naming the account: the gateway's form proves it first.
    const diary = await TestRelyingParty.of(h, 'dnevnik-86');
    const browser = new JourneyBrowser();
    const form = await browser.follow((await diary.pushed({ intent: 'link' })).url.href);
    expect(form.status).toBe(200);
    expect(form.url).toMatch(/\/interaction\/[^/]+\/password$/);
    const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(form.text)?.[1];
    expect(csrf).toBeDefined();
    await h.dnevnik.setDown(true);
    try {
      const page = await browser.follow(form.url, {
        form: { _csrf: csrf!, login: 'ivanova.elena', password: 'Dnevnik-Ivanova1' },
      });
      expect(page.status).toBe(503);
      expect(page.text).toContain(DIARY_DOWN_RU);
      expect(page.text).toContain('Код обращения в поддержку');
    } finally {
      await h.dnevnik.setDown(false);
    }
    const again = await browser.follow(form.url, {
      form: { _csrf: csrf!, login: 'ivanova.elena', password: 'Dnevnik-Ivanova1' },
    });
    expect(again.url).toMatch(/\/interaction\/[^/]+\/notice$/);
  });
});

describe('ESIA slow and down', () => {
  let h: EsiaHarness;
  beforeAll(async () => {
    h = await startEsiaHarness(); // ESIA_TIMEOUT_MS=2000
  });
  afterAll(() => h.close());
  afterEach(() => h.emulator.faults.reset());

  async function backFromEsia(browser: TestBrowser): Promise<URL> {
    const start = await browser.get(`${h.gatewayUrl}/auth/esia/start?purpose=login`);
    return signInAndDecide(
      h.emulator.url,
      browser,
      start.headers.get('location')!,
      'parent-two-schools',
      'grant',
    );
  }

  async function callback(browser: TestBrowser, url: URL) {
    const started = Date.now();
    const response = await browser.get(String(url));
    return { status: response.status, text: await response.text(), ms: Date.now() - started };
  }

  it.each([
    ['slow (answers after the timeout)', { delayMs: 4000 }],
    ['down (refuses connections)', { down: 'refuse' as const }],
    ['down (resets connections)', { down: 'reset' as const }],
    ['failing (502)', { serverError: 502 }],
  ])(
    'when ESIA is %s, the person gets «Портал Госуслуг сейчас не отвечает» within the timeout, and the next sign-in works',
    async (_what, fault) => {
      const browser = new TestBrowser();
      const back = await backFromEsia(browser);
      h.emulator.faults.set(fault);
      const page = await callback(browser, back);
      expect(page.status).toBe(503);
      expect(page.text).toContain(ESIA_DOWN_RU);
      expect(page.ms).toBeLessThan(3500);
      h.emulator.faults.reset();
      const retry = new TestBrowser();
      expect((await callback(retry, await backFromEsia(retry))).status).toBe(200);
    },
  );
});
