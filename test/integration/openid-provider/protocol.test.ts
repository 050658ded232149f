import { generateKeyPairSync } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { JourneyBrowser, csrfOf, type Page } from '../../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../../support/journey-harness';
import { linkFromDiarySettings, linkThroughEsia } from '../../support/journey-steps';
import {
  TestRelyingParty,
  oauthErrorOf,
  privateKeyJwt,
  type RpRequest,
} from '../../support/test-relying-party';

/*
 * The gateway's OpenID Provider against panva's openid-client as the relying party, over real HTTP, with the
 * ESIA emulator, the diary emulators' APIs and PostgreSQL. One rule per test; each names what it refuses.
 * ЦОП (private_key_jwt) finds Иванов Максим (student-15) by SNILS: one account, so no chooser.
 */
const MAKSIM_AT_COP = { sub: '1860000000000000102', org: '8603010074', role: 'student' };
const ELENA = { login: 'ivanova.elena', password: 'Dnevnik-Ivanova1', userId: '1000000000000000101' };

describe('the OpenID Provider, with openid-client as the diary', () => {
  let h: JourneyHarness;
  let cop: TestRelyingParty;
  let dnevnik: TestRelyingParty;
  beforeAll(async () => {
    h = await startJourneyHarness();
    cop = await TestRelyingParty.of(h, 'cop-86');
    dnevnik = await TestRelyingParty.of(h, 'dnevnik-86');
    // Дневник.ру holds no SNILS: Иванова signs in there once her account is linked.
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, ELENA.login, ELENA.password);
    const confirm = await linkThroughEsia(h, browser, 'parent-two-schools');
    await browser.follow(confirm.url, { form: { _csrf: csrfOf(confirm) } });
  });
  afterAll(() => h?.close());

  /** The browser at the gateway with `request`, through ESIA as `persona`, up to the redirect to the diary. */
  async function throughGateway(request: RpRequest, persona: string, browser = new JourneyBrowser()) {
    const page = await h.throughEsia(browser, request.url.href, persona);
    return { browser, page };
  }

  /** «Войти» in «Вход в систему» with the first choice; the redirect out of the gateway. */
  const chooseFirst = (browser: JourneyBrowser, chooser: Page, stopAt: (u: URL) => boolean) =>
    browser.follow(chooser.url, { form: { _csrf: csrfOf(chooser), choice: '0' }, stopAt });

  /** A ЦОП sign-in of student-15: the request and the callback address the browser was sent to. */
  async function copSignIn(extra: Record<string, string> = {}) {
    const request = await cop.request(extra);
    const { page } = await throughGateway(request, 'student-15');
    expect(page.location).toMatch(new RegExp(`^${h.cop.url}/oidc/callback\\?`));
    return { request, callback: new URL(page.location!) };
  }

  it('the interaction sends the browser straight on to ESIA (no hop through /auth/esia/start)', async () => {
    const request = await cop.request();
    const esia = new URL(h.esia.url).origin;
    const hop = await new JourneyBrowser().follow(request.url.href, { stopAt: (u) => u.origin === esia });
    expect(new URL(hop.url).pathname).toMatch(/^\/interaction\/[A-Za-z0-9_-]+$/);
    expect(hop.location).toMatch(new RegExp(`^${esia}/aas/oauth2/v2/ac\\?`));
    expect(new URL(hop.location!).searchParams.get('state')).toEqual(expect.any(String));
  });

  it('serves discovery and the JWKS under PUBLIC_URL/oidc', async () => {
    const issuer = `${h.gatewayUrl}/oidc`;
    const meta = cop.config.serverMetadata();
    expect(meta.issuer).toBe(issuer);
    expect(meta.authorization_endpoint).toBe(`${issuer}/auth`);
    expect(meta.token_endpoint).toBe(`${issuer}/token`);
    expect(meta.pushed_authorization_request_endpoint).toBe(`${issuer}/request`);
    expect(meta.end_session_endpoint).toBe(`${issuer}/session/end`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.response_types_supported).toEqual(['code']);
    expect(meta.backchannel_logout_session_supported).toBe(true);
    const jwks = (await (await fetch(meta.jwks_uri!)).json()) as { keys: Array<Record<string, unknown>> };
    expect(meta.jwks_uri).toBe(`${issuer}/jwks`);
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
  });

  it('the ID token carries sub = the diary account, org, role, amr, acr, auth_time and sid, and no personal data (neither does userinfo)', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { request, callback } = await copSignIn();
    const tokens = await cop.redeem(callback, request);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      ...MAKSIM_AT_COP,
      amr: ['esia'],
      acr: 'esia:confirmed',
      aud: 'cop-86',
      iss: `${h.gatewayUrl}/oidc`,
    });
    expect(claims.auth_time).toBeGreaterThanOrEqual(before - 1);
    expect(claims.auth_time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(typeof claims['sid']).toBe('string');

    // The ID token verifies against the published keys, as any client library would check it.
    const jwks = createRemoteJWKSet(new URL(`${h.gatewayUrl}/oidc/jwks`));
    await jwtVerify(tokens.id_token!, jwks, { issuer: `${h.gatewayUrl}/oidc`, audience: 'cop-86' });

    const userinfo = await oidc.fetchUserInfo(cop.config, tokens.access_token, MAKSIM_AT_COP.sub);
    expect(userinfo.sub).toBe(MAKSIM_AT_COP.sub);
    // Иванов Максим Андреевич, born 10.03.2011, SNILS 145-926-378 94: none of it leaves the gateway.
    for (const text of [JSON.stringify(decodeJwt(tokens.id_token!)), JSON.stringify(userinfo)]) {
      expect(text).not.toMatch(/145.?926.?378.?94|Иванов|Максим|Андреевич|2011|snils|name|birth/i);
    }
  });

  it('echoes the state unchanged to the redirect_uri, and puts the nonce in the ID token', async () => {
    const state = 'Ёж/+ =&%2F?💡#x';
    const { request, callback } = await copSignIn({ state });
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('iss')).toBe(`${h.gatewayUrl}/oidc`);
    const tokens = await cop.redeem(callback, { ...request, state });
    expect(decodeJwt(tokens.id_token!)['nonce']).toBe(request.nonce);
  });

  it('a code presented twice is refused as invalid_grant the second time, and the tokens of the first are revoked', async () => {
    const { request, callback } = await copSignIn();
    const first = await cop.redeem(callback, request);
    expect(await oauthErrorOf(cop.redeem(callback, request))).toBe('invalid_grant');
    expect(await oauthErrorOf(oidc.fetchUserInfo(cop.config, first.access_token, MAKSIM_AT_COP.sub))).toBe(
      'invalid_token',
    );
  });

  it('of redemptions of one code racing each other, exactly one gets tokens', async () => {
    const { request, callback } = await copSignIn();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => cop.redeem(callback, request)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const refused of results.filter((r) => r.status === 'rejected'))
      expect(await oauthErrorOf(Promise.reject(refused.reason))).toBe('invalid_grant');
  });

  it('a wrong code_verifier at the token endpoint is invalid_grant', async () => {
    const { request, callback } = await copSignIn();
    const stolen = oidc.randomPKCECodeVerifier();
    expect(await oauthErrorOf(cop.redeem(callback, request, stolen))).toBe('invalid_grant');
  });

  it('an authorization request without PKCE is refused at /oidc/auth, back to the diary, before any sign-in', async () => {
    const request = await cop.request();
    request.url.searchParams.delete('code_challenge');
    request.url.searchParams.delete('code_challenge_method');
    const answer = await new JourneyBrowser().follow(request.url.href, {
      stopAt: (u) => u.origin !== h.gatewayUrl || u.pathname.startsWith('/interaction'),
    });
    const back = new URL(answer.location!);
    expect(`${back.origin}${back.pathname}`).toBe(`${h.cop.url}/oidc/callback`);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(back.searchParams.has('code')).toBe(false);
    // A plain challenge is no PKCE either: only S256.
    const plain = await cop.request({ code_challenge_method: 'plain' });
    const refused = await new JourneyBrowser().follow(plain.url.href, {
      stopAt: (u) => u.origin !== h.gatewayUrl || u.pathname.startsWith('/interaction'),
    });
    expect(new URL(refused.location!).searchParams.get('error')).toBe('invalid_request');
  });

  it.each([
    ['another host', 'https://evil.example/oidc/callback'],
    ['another path on the diary', '/oidc/other'],
    ['the callback with a query added', '/oidc/callback?next=https://evil.example'],
  ])(
    'a redirect_uri that is not registered (%s) is refused on a gateway page, never redirected to',
    async (_why, uri) => {
      const request = await cop.request({ redirect_uri: uri.startsWith('/') ? `${h.cop.url}${uri}` : uri });
      const answer = await new JourneyBrowser().follow(request.url.href, { stopAt: () => true });
      expect(answer.status).toBe(400);
      expect(answer.location).toBeNull();
      expect(answer.text).toContain('адрес возврата, который не зарегистрирован');
      expect(answer.text).not.toContain('evil.example');
    },
  );

  it('a wrong client secret at the token endpoint is invalid_client, and the code is still not spent', async () => {
    const request = await dnevnik.request();
    const { browser, page } = await throughGateway(request, 'parent-two-schools');
    const back = await chooseFirst(browser, page, (u) => u.origin !== h.gatewayUrl);
    const forger = await TestRelyingParty.of(h, 'dnevnik-86', oidc.ClientSecretBasic('x'.repeat(43)));
    expect(await oauthErrorOf(forger.redeem(back.location!, request))).toBe('invalid_client');
    expect((await dnevnik.redeem(back.location!, request)).claims()!.sub).toBe(ELENA.userId);
  });

  it('private_key_jwt signed with another key than the registered one is invalid_client', async () => {
    const { request, callback } = await copSignIn();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    }) as string;
    const impostor = await TestRelyingParty.of(h, 'cop-86', await privateKeyJwt(other, 'cop-86-demo-2026'));
    expect(await oauthErrorOf(impostor.redeem(callback, request))).toBe('invalid_client');
    expect((await cop.redeem(callback, request)).claims()!.sub).toBe(MAKSIM_AT_COP.sub);
  });

  it.each([
    ['intent=link', { intent: 'link' }],
    ['intent=unlink', { intent: 'unlink' }],
    ['intent=link with an account', { intent: 'link', account: ELENA.userId }],
    ['account alone', { account: ELENA.userId }],
  ])('%s on the front channel (without PAR) is refused before any interaction', async (_what, extra) => {
    const request = await dnevnik.request(extra);
    const answer = await new JourneyBrowser().follow(request.url.href, {
      stopAt: (u) => u.origin !== h.gatewayUrl || u.pathname.startsWith('/interaction'),
    });
    const back = new URL(answer.location!);
    expect(`${back.origin}${back.pathname}`).toBe(`${h.dnevnik.url}/oidc/callback`);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('the resume of an interaction this browser does not have is a page saying so, not a server error', async () => {
    // oidc-provider 9.13 fails with a TypeError on this when the query names a client with one redirect_uri.
    for (const query of ['', '?client_id=cop-86', '?client_id=dnevnik-86&redirect_uri=x']) {
      const answer = await fetch(`${h.gatewayUrl}/oidc/auth/00000000-0000-1000-8000-000000000000${query}`, {
        redirect: 'manual',
      });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
      expect(await answer.text()).toContain('начните вход заново');
    }
  });

  it('a pushed request without client authentication is refused (401 invalid_client)', async () => {
    const form = new URLSearchParams({
      client_id: 'dnevnik-86',
      redirect_uri: `${h.dnevnik.url}/oidc/callback`,
      response_type: 'code',
      scope: 'openid',
      state: 'pushed-by-a-stranger',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      intent: 'link',
      account: ELENA.userId,
    });
    const answer = await fetch(`${h.gatewayUrl}/oidc/request`, { method: 'POST', body: form });
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { error: string }).error).toBe('invalid_client');
  });

  it("a mobile app that cannot keep a secret cannot push a link request (it would name anyone's account)", async () => {
    const app = await TestRelyingParty.of(h, 'dnevnik-86-app');
    expect(await oauthErrorOf(app.pushed({ intent: 'link', account: ELENA.userId }))).toBe('invalid_request');
  });

  it('a mobile app signs in like a native app (RFC 8252): public client, PKCE, its custom-scheme redirect read from Location', async () => {
    const app = await TestRelyingParty.of(h, 'dnevnik-86-app');
    expect(app.redirectUri).toBe('ru.dnevnik.demo:/oauth2redirect');
    const request = await app.request({ scope: 'openid offline_access', prompt: 'consent' });
    const { browser, page } = await throughGateway(request, 'parent-two-schools');
    expect(page.url).toMatch(/\/choose$/);
    const back = await chooseFirst(browser, page, (u) => u.protocol === 'ru.dnevnik.demo:');
    expect(back.status).toBe(303);
    expect(back.location).toMatch(/^ru\.dnevnik\.demo:\/oauth2redirect\?code=/);
    const tokens = await app.redeem(back.location!, request);
    expect(tokens.claims()).toMatchObject({ sub: ELENA.userId, aud: 'dnevnik-86-app', amr: ['esia'] });
    // The app keeps the person signed in with a refresh token, again without a secret.
    expect(tokens.refresh_token).toBeDefined();
    const refreshed = await oidc.refreshTokenGrant(app.config, tokens.refresh_token!);
    expect(refreshed.claims()?.sub).toBe(ELENA.userId);
    // Without PKCE the app's request is refused like any other.
    const bare = await app.request();
    bare.url.searchParams.delete('code_challenge');
    const refused = await new JourneyBrowser().follow(bare.url.href, {
      stopAt: (u) => u.origin !== h.gatewayUrl || u.pathname.startsWith('/interaction'),
    });
    expect(refused.location).toMatch(/^ru\.dnevnik\.demo:\/oauth2redirect\?error=invalid_request/);
  });
});
