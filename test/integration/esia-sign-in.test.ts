import { TestBrowser, signInAndDecide } from '../../emulators/esia/testing/esia-test-client';
import { startEsiaHarness, type EsiaHarness } from '../support/esia-harness';

/** Starts at the gateway, signs in at the emulator; returns the callback address ESIA sent the browser to. */
async function throughEsia(
  h: EsiaHarness,
  browser: TestBrowser,
  persona = 'parent-two-schools',
  decision: 'grant' | 'deny' = 'grant',
  purpose: 'login' | 'operator' = 'login',
) {
  const start = await browser.get(`${h.gatewayUrl}/auth/esia/start?purpose=${purpose}`);
  expect(start.status).toBe(302);
  const location = start.headers.get('location')!;
  expect(location.startsWith(`${h.emulator.url}/aas/oauth2/v2/ac?`)).toBe(true);
  return signInAndDecide(h.emulator.url, browser, location, persona, decision);
}

async function callback(browser: TestBrowser, url: URL | string) {
  const response = await browser.get(String(url));
  return { status: response.status, text: await response.text() };
}

const refusedFor = (h: EsiaHarness) =>
  h.logs.lines
    .filter((l) => l.includes('request refused'))
    .map((l) => JSON.parse(l) as { code: string; detail: string });

describe('ESIA sign-in through the gateway (real HTTP, emulator)', () => {
  let h: EsiaHarness;
  beforeAll(async () => {
    h = await startEsiaHarness();
  });
  afterAll(() => h.close());
  afterEach(() => h.emulator.faults.reset());

  it('signs a confirmed parent in, rotates the session and greets her by name', async () => {
    const browser = new TestBrowser();
    const back = await throughEsia(h, browser);
    expect(back.pathname).toBe('/auth/esia/callback');
    const result = await callback(browser, back);
    expect(result.status).toBe(200);
    expect(result.text).toContain('Вы вошли как Иванова Елена Сергеевна');
    expect(result.text).not.toContain('не подтверждена');
  });

  it('an operator who signs in for the console is sent to /ops (the console checks the operators list)', async () => {
    const browser = new TestBrowser();
    const back = await throughEsia(h, browser, 'regional-operator', 'grant', 'operator');
    const response = await browser.get(String(back));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/ops');
  });

  it('a sign-in for linking is refused when no diary asked for a link in this session (nothing goes to ESIA)', async () => {
    const response = await new TestBrowser().get(`${h.gatewayUrl}/auth/esia/start?purpose=link`);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Действие не начато или устарело');
  });

  it('when the callback is replayed, the state is refused (single use)', async () => {
    const browser = new TestBrowser();
    const back = await throughEsia(h, browser);
    expect((await callback(browser, back)).status).toBe(200);
    const again = await callback(browser, back);
    expect(again.status).toBe(400);
    expect(again.text).toContain('Начните вход заново');
  });

  it('when the state is missing or unknown, the callback is refused', async () => {
    const browser = new TestBrowser();
    const back = await throughEsia(h, browser);
    const noState = new URL(back);
    noState.searchParams.delete('state');
    expect((await callback(browser, noState)).status).toBe(400);
    const otherState = new URL(back);
    otherState.searchParams.set('state', '00000000-0000-4000-8000-000000000000');
    expect((await callback(browser, otherState)).status).toBe(400);
  });

  it('when the callback arrives in another browser session, it is refused', async () => {
    const back = await throughEsia(h, new TestBrowser());
    const result = await callback(new TestBrowser(), back);
    expect(result.status).toBe(400);
    expect(refusedFor(h).at(-1)?.detail).toBe('ESIA state refused: other_session');
  });

  it('when more than ten minutes pass before the callback, the state has expired', async () => {
    const browser = new TestBrowser();
    const back = await throughEsia(h, browser);
    h.clock.advance(10 * 60_000 + 1000);
    try {
      expect((await callback(browser, back)).status).toBe(400);
    } finally {
      h.clock.set(new Date());
    }
  });

  it('when a redeemed code comes back under a fresh state, ESIA answers 007011 and it is shown as a fault', async () => {
    const first = new TestBrowser();
    const redeemed = await throughEsia(h, first);
    expect((await callback(first, redeemed)).status).toBe(200);
    const browser = new TestBrowser();
    const fresh = await throughEsia(h, browser);
    fresh.searchParams.set('code', redeemed.searchParams.get('code')!);
    const result = await callback(browser, fresh);
    expect(result.status).toBe(502);
    expect(result.text).toContain('ESIA-007011');
  });

  it('when the person presses «Отказать», the page says they refused, not that something broke', async () => {
    const browser = new TestBrowser();
    const back = await throughEsia(h, browser, 'parent-two-schools', 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    const result = await callback(browser, back);
    expect(result.status).toBe(403);
    expect(result.text).toContain('Вы отказались предоставить доступ');
    expect(result.text).not.toContain('технической ошибки');
  });

  it('an unconfirmed account signs in but is not marked confirmed', async () => {
    const browser = new TestBrowser();
    const result = await callback(browser, await throughEsia(h, browser, 'simplified-unconfirmed'));
    expect(result.status).toBe(200);
    expect(result.text).toContain('не подтверждена');
  });

  it.each([
    ['wrongSignature', 'id_token refused: signature'],
    ['wrongIssuer', 'id_token refused: issuer'],
    ['wrongAudience', 'id_token refused: audience'],
    ['expiredTokens', 'id_token refused: expired'],
    ['notYetValidTokens', 'id_token refused: not_yet_valid'],
    ['algNone', 'id_token refused: alg'],
  ] as const)('when ESIA sends tokens with %s, the sign-in is refused (%s)', async (fault, detail) => {
    const browser = new TestBrowser();
    const back = await throughEsia(h, browser);
    h.emulator.faults.set({ [fault]: true });
    const result = await callback(browser, back);
    expect(result.status).toBe(502);
    expect(result.text).toContain('не прошёл проверку подлинности');
    expect(refusedFor(h).at(-1)?.detail).toBe(detail);
  });

  it('when ESIA answers 5xx on the token endpoint, the person is told ESIA is unavailable', async () => {
    const browser = new TestBrowser();
    const back = await throughEsia(h, browser);
    h.emulator.faults.set({ serverError: 503 });
    const result = await callback(browser, back);
    expect(result.status).toBe(503);
    expect(result.text).toContain('не отвечает');
  });

  // ESIA's meanings as ofstudio/go-api-epgu (esia/aas/errors.go) quotes them; the emulator sends each code on request.
  it.each([
    ['007013', 'authorization', 'the request names no scope'],
    ['007039', 'token', 'code_verifier sent but v2/ac had no code_challenge'],
    ['007040', 'token', 'code_verifier does not match the code_challenge'],
    ['007060', 'authorization', 'roles parameter wrong'],
    ['007061', 'authorization', 'obj_type parameter wrong'],
    ['007062', 'authorization', 'user type or role in the request wrong'],
    ['007194', 'authorization', 'organization scope for an organization the person is not employed by'],
    ['008010', 'token', 'client system authentication failed'],
  ] as const)(
    'ESIA-%s (at %s) is our fault: a technical-error page naming the code, "%s" in the log',
    async (code, at, cause) => {
      const browser = new TestBrowser();
      h.emulator.faults.set({ esiaError: { code, at } });
      const back = await throughEsia(h, browser);
      const result = await callback(browser, back);
      expect(result.status).toBe(502);
      expect(result.text).toContain(`из-за технической ошибки (ESIA-${code})`);
      expect(result.text).not.toContain('Вы отказались');
      expect(refusedFor(h).at(-1)).toMatchObject({
        code: 'esia_protocol_error',
        detail: `ESIA-${code}: ${cause}`,
      });
    },
  );

  it('ESIA-007046 (two-factor sign-in required but unavailable) asks the person to confirm a phone number, not a fault', async () => {
    const browser = new TestBrowser();
    h.emulator.faults.set({ esiaError: { code: '007046', at: 'authorization' } });
    const back = await throughEsia(h, browser);
    expect(back.searchParams.get('error_description')).toMatch(/^ESIA-007046: /);
    const result = await callback(browser, back);
    expect(result.status).toBe(403);
    expect(result.text).toContain('одноразовым кодом');
    expect(result.text).toContain('номер мобильного телефона указан и подтверждён');
    expect(result.text).not.toContain('технической ошибки');
    expect(refusedFor(h).at(-1)).toMatchObject({
      code: 'esia_second_factor_unavailable',
      detail: 'ESIA-007046',
    });
  });

  it('never writes the code, the state or the tokens to the log', async () => {
    const browser = new TestBrowser();
    const back = await throughEsia(h, browser);
    await callback(browser, back);
    expect(h.logs.text).not.toContain(back.searchParams.get('code')!);
    expect(h.logs.text).not.toContain(back.searchParams.get('state')!);
    expect(h.logs.text).not.toMatch(/eyJ[\w-]{20,}/);
  });
});

describe('ESIA key rotation', () => {
  it('when ESIA moves to a key the gateway does not trust, tokens are refused as signed by an unknown key', async () => {
    const h = await startEsiaHarness({ certificates: ['esia-gost-2026'] });
    try {
      h.emulator.rotateKey();
      const browser = new TestBrowser();
      const result = await callback(browser, await throughEsia(h, browser));
      expect(result.status).toBe(502);
      expect(refusedFor(h).at(-1)?.detail).toBe('id_token refused: unknown_key');
    } finally {
      await h.close();
    }
  });

  it('when the new certificate is configured beside the old one, the rotated key is accepted', async () => {
    const h = await startEsiaHarness({ certificates: ['esia-gost-2026', 'esia-gost-2027'] });
    try {
      h.emulator.rotateKey();
      const browser = new TestBrowser();
      expect((await callback(browser, await throughEsia(h, browser))).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('ESIA requiring confirmed accounts', () => {
  it('ESIA-007055 is shown as "confirm your account", not as a fault', async () => {
    const h = await startEsiaHarness({ requireConfirmedAccount: true });
    try {
      const browser = new TestBrowser();
      const back = await throughEsia(h, browser, 'simplified-unconfirmed');
      expect(back.searchParams.get('error_description')).toMatch(/^ESIA-007055/);
      const result = await callback(browser, back);
      expect(result.status).toBe(403);
      expect(result.text).toContain('Подтвердите её');
    } finally {
      await h.close();
    }
  });
});
