import { signInAndDecide, TestBrowser } from '../../emulators/esia/testing/esia-test-client';
import { createCutoverHarness, type CutoverHarness } from '../support/cutover-harness';
import { diaryCsrfOf } from '../support/diary-relying-party';
import { startFullGateway, type FullGateway } from '../support/full-gateway';
import { csrfOf, JourneyBrowser } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { linkThroughEsia, rows } from '../support/journey-steps';
import { oauthErrorOf, TestRelyingParty } from '../support/test-relying-party';

/** The session cookie's value as the browser would send it, read from a response. */
function sessionCookie(response: Response): string | undefined {
  const line = response.headers.getSetCookie().find((l) => /^(__Host-)?elg\.sid=/.test(l));
  return line?.split(';')[0]!.split('=').slice(1).join('=');
}

/** An ESIA sign-in up to the moment ESIA sends the browser back: the callback address (code + state). */
async function callbackFor(gw: FullGateway, browser: TestBrowser, persona: string): Promise<URL> {
  const start = await browser.get(`${gw.url}/auth/esia/start?purpose=login`);
  expect(start.status).toBe(302);
  return signInAndDecide(gw.esia.url, browser, start.headers.get('location')!, persona, 'grant');
}

describe('web attacks on the browser part (real HTTP, PostgreSQL, ESIA emulator)', () => {
  let gw: FullGateway;
  beforeAll(async () => {
    gw = await startFullGateway();
  });
  afterAll(() => gw?.close());

  describe('login CSRF: an attacker cannot sign a victim in as the attacker', () => {
    it("the attacker's callback (his code and state) opened in the victim's browser is refused", async () => {
      const attacker = new TestBrowser();
      const forged = await callbackFor(gw, attacker, 'parent-two-schools');
      const victim = new TestBrowser();
      const answer = await victim.get(forged.toString());
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain('Начните вход заново');
      expect(sessionCookie(answer)).toBeUndefined();
    });

    it("even while the victim has a sign-in of her own under way, the attacker's state is not hers", async () => {
      const attacker = new TestBrowser();
      const forged = await callbackFor(gw, attacker, 'parent-two-schools');
      const victim = new TestBrowser();
      expect((await victim.get(`${gw.url}/auth/esia/start?purpose=login`)).status).toBe(302);
      const answer = await victim.get(forged.toString());
      expect(answer.status).toBe(400);
      const refusal = gw.logs.lines.filter((l) => l.includes('request refused')).at(-1)!;
      expect(JSON.parse(refusal).detail).toBe('ESIA state refused: other_session');
    });
  });

  describe('session fixation', () => {
    it('the session id given at the start of the sign-in is replaced at sign-in', async () => {
      const browser = new TestBrowser();
      const start = await browser.get(`${gw.url}/auth/esia/start?purpose=login`);
      const before = sessionCookie(start);
      expect(before).toBeDefined();
      const back = await signInAndDecide(
        gw.esia.url,
        browser,
        start.headers.get('location')!,
        'parent-two-schools',
      );
      const signedIn = await browser.get(back.toString());
      expect(signedIn.status).toBe(200);
      const after = sessionCookie(signedIn);
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
    });

    it('a session id planted by an attacker (not signed by us) is never adopted', async () => {
      const planted = 's%3Aattacker-chosen-session-id.forged-signature';
      const start = await fetch(`${gw.url}/auth/esia/start?purpose=login`, {
        redirect: 'manual',
        headers: { cookie: `elg.sid=${planted}` },
      });
      expect(start.status).toBe(302);
      const issued = sessionCookie(start);
      expect(issued).toBeDefined();
      expect(issued).not.toContain('attacker-chosen-session-id');
    });
  });

  describe('clickjacking and headers on every page', () => {
    const pages: Array<[string, number]> = [
      ['/', 200],
      ['/info?instance=dnevnik-86', 200],
      ['/info?instance=nowhere', 404],
      ['/no-such-page', 404],
      ['/auth/esia/start?purpose=login', 302],
      ['/auth/esia/start?purpose=bogus', 400],
      ['/auth/esia/callback?code=x&state=y', 400],
      ['/auth/esia/callback?error=access_denied&error_description=ESIA-007004', 400],
      ['/healthz', 200],
      ['/api/vendor/v1/password-login/decision', 404],
    ];
    it.each(pages)(
      '%s: framing forbidden, CSP without unsafe-inline, no referrer, no HSTS over http',
      async (path, status) => {
        const res = await fetch(`${gw.url}${path}`, { redirect: 'manual' });
        expect(res.status).toBe(status);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toContain('unsafe-inline');
        expect(csp).not.toContain('unsafe-eval');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('strict-transport-security')).toBeNull();
      },
    );

    it('the ESIA callback, which carries code and state, sends no referrer and is not cached', async () => {
      const browser = new TestBrowser();
      const back = await callbackFor(gw, browser, 'parent-two-schools');
      const res = await browser.get(back.toString());
      expect(res.status).toBe(200);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
  });
});

describe('the hand-offs to the diaries (the gateway as OpenID Provider; real HTTP, ЦОП and Дневник.ру emulators)', () => {
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await startJourneyHarness();
  });
  afterAll(() => h?.close());

  it("login CSRF: the attacker's authorization response opened in the victim's browser is refused by the diary, and the code is worthless without the attacker's PKCE verifier", async () => {
    const attacker = new JourneyBrowser();
    const forged = await h.throughEsia(attacker, `${h.cop.url}/login/esia`, 'student-15');
    expect(forged.location).toMatch(new RegExp(`^${h.cop.url}/oidc/callback\\?code=`));

    const victim = new JourneyBrowser();
    await victim.follow(`${h.cop.url}/login/esia`, { stopAt: (u) => u.origin === h.gatewayUrl });
    const answer = await victim.follow(forged.location!);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('Начните вход заново');
    expect((await victim.follow(`${h.cop.url}/journal`)).url).toBe(`${h.cop.url}/`);

    // A diary that skipped its state check would redeem with its own verifier: the gateway refuses that.
    const careless = await TestRelyingParty.of(h, 'cop-86');
    const callback = new URL(forged.location!);
    const mine = await careless.request();
    expect(
      await oauthErrorOf(careless.redeem(callback, { ...mine, state: callback.searchParams.get('state')! })),
    ).toBe('invalid_grant');
  });

  it("link CSRF: a link address the diary pushed for the attacker's account, opened in the victim's browser, never writes a link", async () => {
    const ELENA = { login: 'ivanova.elena', password: 'Dnevnik-Ivanova1', userId: '1000000000000000101' };
    const attacker = new JourneyBrowser();
    const login = await attacker.follow(`${h.dnevnik.url}/login`);
    await attacker.follow(`${h.dnevnik.url}/login`, {
      form: { csrf: diaryCsrfOf(login), login: ELENA.login, password: ELENA.password },
      stopAt: () => true,
    });
    const settings = await attacker.follow(`${h.dnevnik.url}/settings`);
    const pushed = await attacker.follow(`${h.dnevnik.url}/settings/esia-link`, {
      form: { csrf: diaryCsrfOf(settings) },
      stopAt: (u) => u.origin === h.gatewayUrl,
    });
    const linkAddress = pushed.location!;
    expect(linkAddress).toMatch(new RegExp(`^${h.gatewayUrl}/oidc/auth\\?.*request_uri=`));

    // The victim's ESIA identity passes the school's checks for that account: only the binding can stop it.
    const victim = new JourneyBrowser();
    expect((await victim.follow(linkAddress)).url).toMatch(/\/notice$/);
    const confirm = await linkThroughEsia(h, victim, 'parent-two-schools');
    const landed = await victim.follow(confirm.url, { form: { _csrf: csrfOf(confirm) } });
    expect(landed.url).toMatch(new RegExp(`^${h.dnevnik.url}/oidc/callback\\?code=`));
    expect(landed.status).toBe(400);
    expect(landed.text).toContain('открыта в другом браузере');
    expect(await rows(h, `SELECT 1 FROM links WHERE legacy_user_id = $1`, [ELENA.userId])).toEqual([]);
  });

  it.each([
    ['/oidc/auth?client_id=nobody', 400],
    ['/oidc/session/end', 200],
    ['/interaction/not-an-interaction', 400],
    ['/interaction/not-an-interaction/choose', 400],
  ])(
    'the provider and interaction page %s: framing forbidden, CSP without unsafe-inline, no referrer',
    async (path, status) => {
      const res = await fetch(`${h.gatewayUrl}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(status);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      if (status >= 400) expect(await res.text()).toContain(res.headers.get('x-request-id')!);
    },
  );
});

describe('behind TLS (PUBLIC_URL https, one proxy in front)', () => {
  let tls: FullGateway;
  beforeAll(async () => {
    tls = await startFullGateway({ env: { PUBLIC_URL: 'https://gw.example.ru', TRUST_PROXY: '1' } });
  });
  afterAll(() => tls?.close());
  // As the proxy sends them: the scheme and the host name the browser asked for (PUBLIC_URL's).
  const get = (path: string) =>
    fetch(`${tls.url}${path}`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'gw.example.ru' },
    });

  it('sends HSTS and upgrade-insecure-requests', async () => {
    const res = await get('/');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  it('the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/', async () => {
    const res = await get('/auth/esia/start?purpose=login');
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('__Host-elg.sid='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/; Domain=/i);
  });
});

describe('no user enumeration through the password decision (vendor API)', () => {
  let h: CutoverHarness;
  const DECISION = '/api/vendor/v1/password-login/decision';
  beforeAll(async () => {
    h = await createCutoverHarness({
      env: { DECISION_LIMIT_PER_LOGIN: '100000' },
      // A known account has a profile in the diary; an unknown one has none.
      profiles: async (_instance, userId) =>
        userId.startsWith('known-') ? { birthDate: '1980-01-01', roles: ['parent'] } : null,
    });
  });
  afterAll(() => h?.close());

  const shape = (value: unknown): unknown =>
    value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
      : typeof value;

  it('an unknown and a known account get the same status and the same answer shape', async () => {
    const known = await h.vendorPost('dnevnik-86', DECISION, { userId: 'known-1' });
    const unknown = await h.vendorPost('dnevnik-86', DECISION, { userId: 'nobody-1' });
    expect(unknown.status).toBe(known.status);
    expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(known.body).sort());
    expect(shape(unknown.body)).toEqual(shape(known.body));
  });

  it('the time to answer does not tell known from unknown accounts (medians of interleaved samples)', async () => {
    const time = async (userId: string) => {
      const t = process.hrtime.bigint();
      const res = await h.vendorPost('dnevnik-86', DECISION, { userId });
      expect(res.status).toBe(200);
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 20; i++) await time(`known-warm-${i}`); // warm-up
    for (let i = 0; i < 150; i++) {
      // Interleaved, so that load on the machine hits both series alike.
      if (i % 2) {
        known.push(await time(`known-${i}`));
        unknown.push(await time(`nobody-${i}`));
      } else {
        unknown.push(await time(`nobody-${i}`));
        known.push(await time(`known-${i}`));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const [k, u] = [median(known), median(unknown)];
    // A generous bound: an oracle worth having would show as a consistent multiple, not a few percent.
    expect(Math.max(k, u) / Math.min(k, u)).toBeLessThan(2.5);
  });
});
