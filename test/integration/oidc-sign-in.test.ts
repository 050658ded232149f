import { createHash } from 'node:crypto';
import { Browser, startOidcHarness, type OidcHarness, type TokenFault } from '../support/oidc-harness';

/**
 * Plain OIDC sign-in against panva's oidc-provider (a certified provider nobody here wrote), started in child
 * processes, over real HTTP with a cookie jar. Tokens oidc-provider will not produce (wrong nonce, iss, aud,
 * expired, alg none, bad signature, unknown kid) are crafted by the harness's fake token endpoint with jose,
 * from the real token's claims; each is refused by the one check it was made to fail (asserted on the logged
 * reason, so that a backstop elsewhere cannot hide a removed check).
 */

/** From the gateway's start to the provider's redirect back; returns the callback address and the auth URL. */
async function throughProvider(h: OidcHarness, browser: Browser, provider: 'oidc' | 'oidc-b' = 'oidc') {
  const start = await browser.get(`${h.gatewayUrl}/auth/${provider}/start?purpose=login`);
  expect(start.status).toBe(302);
  const authorization = new URL(start.headers.get('location')!);
  let location = authorization;
  for (let hop = 0; hop < 10 && !location.href.startsWith(h.gatewayUrl); hop++) {
    const response = await browser.get(location);
    expect([302, 303]).toContain(response.status);
    location = new URL(response.headers.get('location')!, location);
  }
  expect(location.href.startsWith(h.gatewayUrl)).toBe(true);
  return { callback: location, authorization };
}

async function open(browser: Browser, url: URL | string) {
  const response = await browser.get(url);
  return { status: response.status, text: await response.text() };
}

const lastRefusal = (h: OidcHarness) =>
  h.logs.lines
    .filter((l) => l.includes('request refused'))
    .map((l) => JSON.parse(l) as { code: string; detail: string })
    .at(-1);

describe('plain OIDC sign-in through the gateway (oidc-provider, real HTTP)', () => {
  let h: OidcHarness;
  beforeAll(async () => {
    h = await startOidcHarness();
  }, 30_000);
  afterAll(() => h.close());
  afterEach(() => {
    h.proxy.fault = undefined;
  });

  it('signs a person in with PKCE S256 and a nonce, rotates the session and greets them by name', async () => {
    const browser = new Browser();
    const { callback, authorization } = await throughProvider(h, browser);
    expect(authorization.origin).toBe(h.providerA.url);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('nonce')).toMatch(/^[\w-]{32}$/);
    expect(authorization.searchParams.get('state')).toMatch(/^[0-9a-f-]{36}$/);
    expect(callback.searchParams.get('iss')).toBe(h.providerA.url);

    const before = h.counted.length;
    const result = await open(browser, callback);
    expect(result.status).toBe(200);
    expect(result.text).toContain('Вы вошли как Петров Иван Сергеевич');
    expect(result.text).not.toContain('не подтверждена');
    // Counted for the console and /metrics: a plain OIDC sign-in, of no diary.
    expect(h.counted.slice(before)).toEqual([{ kind: 'sign_in_oidc', instanceId: null }]);

    const sent = h.proxy.lastTokenRequest!;
    const verifier = sent.get('code_verifier')!;
    expect(verifier).toMatch(/^[\w-]{43}$/);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(
      authorization.searchParams.get('code_challenge'),
    );
  });

  it("a sign-in started from a diary's sign-in is counted for that diary, and so for its region (issue 19)", async () => {
    const browser = new Browser();
    const { callback } = await throughProvider(h, browser);
    // The session holds the diary's login journey, as the provider's interaction page leaves it.
    const jar = (browser as unknown as { jars: Map<string, Map<string, string>> }).jars;
    const signed = decodeURIComponent(jar.get(h.gatewayUrl)!.get('elg.sid')!);
    const sid = signed.slice(2, signed.lastIndexOf('.'));
    const session = await new Promise<Record<string, unknown>>((resolve, reject) =>
      h.sessions.get(sid, (err, data) => (err ? reject(err) : resolve(data as never))),
    );
    await new Promise<void>((resolve, reject) =>
      h.sessions.set(
        sid,
        { ...session, journey: { kind: 'login', instanceId: 'dnevnik-86', interaction: 'i-1' } } as never,
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    const before = h.counted.length;
    expect((await open(browser, callback)).status).toBe(200);
    expect(h.counted.slice(before)).toEqual([{ kind: 'sign_in_oidc', instanceId: 'dnevnik-86' }]);
  });

  it('the session id changes at sign-in (fixation defence)', async () => {
    const browser = new Browser();
    const { callback } = await throughProvider(h, browser);
    const jar = (browser as unknown as { jars: Map<string, Map<string, string>> }).jars;
    const before = jar.get(h.gatewayUrl)!.get('elg.sid');
    expect((await open(browser, callback)).status).toBe(200);
    const after = jar.get(h.gatewayUrl)!.get('elg.sid');
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('two sign-ins finishing at the same moment each answer their own browser', async () => {
    const [one, two] = [new Browser(), new Browser()];
    const [a, b] = await Promise.all([throughProvider(h, one), throughProvider(h, two)]);
    const results = await Promise.all([open(one, a.callback), open(two, b.callback)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
  });

  it('never writes the code, the state, the verifier or the tokens to the log', async () => {
    const browser = new Browser();
    const { callback } = await throughProvider(h, browser);
    await open(browser, callback);
    expect(h.logs.text).not.toContain(callback.searchParams.get('code')!);
    expect(h.logs.text).not.toContain(callback.searchParams.get('state')!);
    expect(h.logs.text).not.toContain(h.proxy.lastTokenRequest!.get('code_verifier')!);
    expect(h.logs.text).not.toMatch(/eyJ[\w-]{20,}/);
  });

  describe('PKCE (oidc-provider requires it; our side sends it)', () => {
    it.each([
      ['wrongVerifier', 'a wrong code_verifier'],
      ['dropVerifier', 'no code_verifier'],
    ] as const)(
      'when the token request carries %s (%s), the provider refuses the code',
      async (fault, _why) => {
        const browser = new Browser();
        const { callback } = await throughProvider(h, browser);
        h.proxy.fault = fault;
        const result = await open(browser, callback);
        expect(result.status).toBe(502);
        expect(lastRefusal(h)?.detail).toBe('OIDC token endpoint answered invalid_grant');
      },
    );
  });

  describe('ID token checks', () => {
    it.each([
      ['nonce', 'id_token refused: nonce'],
      ['issuer', 'id_token refused: issuer'],
      ['audience', 'id_token refused: audience'],
      ['expired', 'id_token refused: expired'],
      ['algNone', 'id_token refused: alg'],
      ['badSignature', 'id_token refused: signature'],
      ['unknownKid', 'id_token refused: unknown_key'],
    ] as [TokenFault, string][])('an ID token with fault %s is refused (%s)', async (fault, detail) => {
      const browser = new Browser();
      const { callback } = await throughProvider(h, browser);
      h.proxy.fault = fault;
      const result = await open(browser, callback);
      expect(result.status).toBe(502);
      expect(result.text).toContain('не прошёл проверку подлинности');
      expect(lastRefusal(h)?.detail).toBe(detail);
    });

    it('an unknown kid makes the gateway fetch the JWKS again before refusing', async () => {
      const browser = new Browser();
      const { callback } = await throughProvider(h, browser);
      h.proxy.fault = 'unknownKid';
      const fetches = h.proxy.jwksFetches;
      expect((await open(browser, callback)).status).toBe(502);
      expect(h.proxy.jwksFetches).toBeGreaterThan(fetches);
    });
  });

  describe('state', () => {
    it('when the callback is replayed, the state is refused (single use)', async () => {
      const browser = new Browser();
      const { callback } = await throughProvider(h, browser);
      expect((await open(browser, callback)).status).toBe(200);
      const again = await open(browser, callback);
      expect(again.status).toBe(400);
      expect(again.text).toContain('Начните вход заново');
      expect(lastRefusal(h)?.detail).toBe('OIDC state refused: expired_or_replayed');
    });

    it('when the state is missing, the callback is refused', async () => {
      const browser = new Browser();
      const { callback } = await throughProvider(h, browser);
      callback.searchParams.delete('state');
      expect((await open(browser, callback)).status).toBe(400);
      expect(lastRefusal(h)?.detail).toBe('OIDC state refused: missing');
    });

    it('when the callback arrives in another browser session, it is refused', async () => {
      const { callback } = await throughProvider(h, new Browser());
      const result = await open(new Browser(), callback);
      expect(result.status).toBe(400);
      expect(lastRefusal(h)?.detail).toBe('OIDC state refused: other_session');
    });
  });

  describe('mix-up defence between two configured providers', () => {
    it('provider B signs a person in on its own', async () => {
      const browser = new Browser();
      const { callback, authorization } = await throughProvider(h, browser, 'oidc-b');
      expect(authorization.origin).toBe(h.providerB.url);
      expect((await open(browser, callback)).status).toBe(200);
    });

    it("a callback at provider B carrying provider A's state is refused", async () => {
      const browser = new Browser();
      const { callback } = await throughProvider(h, browser, 'oidc');
      const atB = new URL(`${h.gatewayUrl}/auth/oidc-b/callback${callback.search}`);
      const result = await open(browser, atB);
      expect(result.status).toBe(400);
      expect(lastRefusal(h)?.detail).toBe('OIDC state refused: provider');
      // The state was burnt by the attempt: the genuine callback no longer works either.
      expect((await open(browser, callback)).status).toBe(400);
    });

    it('a callback whose iss (RFC 9207) names the other provider is refused', async () => {
      const browser = new Browser();
      const { callback } = await throughProvider(h, browser, 'oidc');
      callback.searchParams.set('iss', h.providerB.url);
      expect((await open(browser, callback)).status).toBe(400);
      expect(lastRefusal(h)?.detail).toBe('OIDC state refused: iss');
    });

    it('a callback without iss from a provider that announces it is refused', async () => {
      const browser = new Browser();
      const { callback } = await throughProvider(h, browser, 'oidc');
      callback.searchParams.delete('iss');
      expect((await open(browser, callback)).status).toBe(400);
      expect(lastRefusal(h)?.detail).toBe('OIDC state refused: iss');
    });
  });

  describe('provider key rotation', () => {
    it('a new provider key is found by fetching the JWKS again; the JWKS is otherwise cached', async () => {
      const first = new Browser();
      expect((await open(first, (await throughProvider(h, first)).callback)).status).toBe(200);
      const cached = h.proxy.jwksFetches;
      const second = new Browser();
      expect((await open(second, (await throughProvider(h, second)).callback)).status).toBe(200);
      expect(h.proxy.jwksFetches).toBe(cached);

      await h.providerA.rotateKey();
      const third = new Browser();
      expect((await open(third, (await throughProvider(h, third)).callback)).status).toBe(200);
      expect(h.proxy.jwksFetches).toBe(cached + 1);
    });
  });
});
