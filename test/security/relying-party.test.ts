import { signInAndDecide, TestBrowser } from '../../emulators/esia/testing/esia-test-client';
import { FixedClock } from '../../src/core/clock';
import { startEsiaHarness, type EsiaHarness } from '../support/esia-harness';
import { Browser, startOidcHarness, type OidcHarness } from '../support/oidc-harness';

/**
 * The relying-party cases of issue 6 item 2 that test/integration/esia-sign-in.test.ts and
 * test/integration/oidc-sign-in.test.ts did not yet prove one by one (test/security/README.md maps every case to
 * its test). Each asserts the logged reason, so a removed check cannot hide behind another one.
 */
const lastRefusal = (lines: string[]) =>
  lines
    .filter((l) => l.includes('request refused'))
    .map((l) => JSON.parse(l) as { code: string; detail: string })
    .at(-1);

describe('ESIA state, one case per test', () => {
  let h: EsiaHarness;
  beforeAll(async () => {
    h = await startEsiaHarness();
  });
  afterAll(() => h?.close());

  async function callback(browser: TestBrowser): Promise<URL> {
    const start = await browser.get(`${h.gatewayUrl}/auth/esia/start?purpose=login`);
    return signInAndDecide(h.emulator.url, browser, start.headers.get('location')!, 'parent-two-schools');
  }

  it('a callback without state is refused as missing', async () => {
    const browser = new TestBrowser();
    const back = await callback(browser);
    back.searchParams.delete('state');
    expect((await browser.get(back.toString())).status).toBe(400);
    expect(lastRefusal(h.logs.lines)?.detail).toBe('ESIA state refused: missing');
  });

  it('a callback whose state does not match the one issued is refused', async () => {
    const browser = new TestBrowser();
    const back = await callback(browser);
    back.searchParams.set('state', '6f1d2c3b-0000-4000-8000-000000000001');
    expect((await browser.get(back.toString())).status).toBe(400);
    expect(lastRefusal(h.logs.lines)?.detail).toBe('ESIA state refused: expired_or_replayed');
  });
});

describe('OIDC cases the integration suite lacked (oidc-provider in child processes)', () => {
  let h: OidcHarness;
  const clock = new FixedClock(new Date());
  beforeAll(async () => {
    h = await startOidcHarness({ clock });
  }, 30_000);
  afterAll(() => h?.close());
  afterEach(() => {
    h.proxy.fault = undefined;
    clock.set(new Date());
  });

  async function callback(browser: Browser): Promise<URL> {
    const start = await browser.get(`${h.gatewayUrl}/auth/oidc/start?purpose=login`);
    let location = new URL(start.headers.get('location')!);
    for (let hop = 0; hop < 10 && !location.href.startsWith(h.gatewayUrl); hop++) {
      const response = await browser.get(location);
      location = new URL(response.headers.get('location')!, location);
    }
    return location;
  }

  it('a callback whose state does not match the one issued is refused', async () => {
    const browser = new Browser();
    const back = await callback(browser);
    back.searchParams.set('state', '6f1d2c3b-0000-4000-8000-000000000002');
    expect((await browser.get(back)).status).toBe(400);
    expect(lastRefusal(h.logs.lines)?.detail).toBe('OIDC state refused: expired_or_replayed');
  });

  it('a state older than ten minutes is refused as expired', async () => {
    const browser = new Browser();
    const back = await callback(browser);
    clock.advance(10 * 60_000 + 1000);
    expect((await browser.get(back)).status).toBe(400);
    expect(lastRefusal(h.logs.lines)?.detail).toBe('OIDC state refused: expired_or_replayed');
  });

  it('an ID token that is not yet valid (nbf an hour ahead) is refused', async () => {
    const browser = new Browser();
    const back = await callback(browser);
    h.proxy.fault = 'notYetValid';
    const result = await browser.get(back);
    expect(result.status).toBe(502);
    expect(lastRefusal(h.logs.lines)?.detail).toBe('id_token refused: not_yet_valid');
  });

  it('a redeemed code presented again under a fresh state is refused by the provider and shown as a fault', async () => {
    const first = new Browser();
    const redeemed = await callback(first);
    expect((await first.get(redeemed)).status).toBe(200);
    const browser = new Browser();
    const fresh = await callback(browser);
    fresh.searchParams.set('code', redeemed.searchParams.get('code')!);
    const result = await browser.get(fresh);
    expect(result.status).toBe(502);
    expect(lastRefusal(h.logs.lines)?.detail).toBe('OIDC token endpoint answered invalid_grant');
  });
});
