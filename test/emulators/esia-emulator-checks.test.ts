import { demoClient } from '../../emulators/esia/esia-emulator.options';
import { startEsiaEmulator, type EsiaEmulator } from '../../emulators/esia/esia-emulator.server';
import { demoClientSigner } from '../../emulators/esia/testing/demo-client.signer';
import {
  TestBrowser,
  authorizationUrl,
  esiaTimestamp,
  signInAndDecide,
  tokenRequest,
  type AuthorizationInput,
} from '../../emulators/esia/testing/esia-test-client';

const REDIRECT = 'http://127.0.0.1:9/esia/callback';
const SCOPE = 'openid fullname birthdate gender snils';
const signer = demoClientSigner();
let nowMs = Date.UTC(2026, 10, 22, 9, 0, 0);
const clock = { now: () => new Date(nowMs) };
let emulator: EsiaEmulator;

beforeAll(async () => {
  emulator = await startEsiaEmulator({ redirectUris: [REDIRECT], clock });
});
afterAll(() => emulator.close());
beforeEach(() => {
  nowMs = Date.UTC(2026, 10, 22, 9, 0, 0);
});

/** Sends a v2/ac request and returns where ESIA sends the browser (or the page it shows). */
async function authorize(input: Partial<AuthorizationInput> = {}) {
  const { url, state } = authorizationUrl(emulator.url, signer, {
    redirectUri: REDIRECT,
    scope: SCOPE,
    at: clock.now(),
    ...input,
  });
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  return { response, state, location: location ? new URL(location, emulator.url) : null };
}

function expectRedirectError(location: URL | null, error: string, code: string, state: string) {
  expect(location?.origin + '' + location?.pathname).toBe(REDIRECT);
  expect(location?.searchParams.get('error')).toBe(error);
  expect(location?.searchParams.get('error_description')).toMatch(new RegExp(`^ESIA-${code}: `));
  expect(location?.searchParams.get('state')).toBe(state);
}

async function freshCode(scope = SCOPE) {
  const { url } = authorizationUrl(emulator.url, signer, { redirectUri: REDIRECT, scope, at: clock.now() });
  const callback = await signInAndDecide(emulator.url, new TestBrowser(), url, 'parent-two-schools');
  return callback.searchParams.get('code')!;
}

/**
 * A secret over `text` whose standard base64 holds at least two of `+` `/` (so it differs from base64url), the
 * way AISGorod.AspNetCore.Authentication.Esia sends it (`Convert.ToBase64String`, padded). GOST signatures are
 * randomised: signing again gives another encoding.
 */
function standardBase64Secret(text: string): { standard: string; url: string } {
  for (;;) {
    const signature = signer.sign(text);
    const standard = signature.toString('base64');
    if ((standard.match(/[+/]/g) ?? []).length >= 2)
      return { standard, url: signature.toString('base64url') };
  }
}

describe('v2/ac checks', () => {
  it('accepts a correctly signed request and sends the browser to sign-in', async () => {
    const { location } = await authorize();
    expect(location?.pathname).toBe('/login');
  });

  it('refuses a request without a mandatory parameter with ESIA-007014', async () => {
    const { location, state } = await authorize({ overrides: { timestamp: null } });
    expectRedirectError(location, 'invalid_request', '007014', state);
  });

  it('shows its own page, not a redirect, when client_id is missing (ESIA-007014)', async () => {
    const { response } = await authorize({ overrides: { client_id: null } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('ESIA-007014');
  });

  it('refuses an unknown client with ESIA-007002 on its own page', async () => {
    const { response } = await authorize({ clientId: 'NOT_REGISTERED' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('ESIA-007002');
  });

  it('refuses a wrong certificate hash with ESIA-007002', async () => {
    const { location, state } = await authorize({ overrides: { client_certificate_hash: 'AB'.repeat(32) } });
    expectRedirectError(location, 'invalid_client', '007002', state);
  });

  it('accepts a timestamp 4 minutes off and refuses one 6 minutes off with ESIA-007015', async () => {
    expect((await authorize({ at: new Date(nowMs - 4 * 60_000) })).location?.pathname).toBe('/login');
    const late = await authorize({ at: new Date(nowMs + 6 * 60_000) });
    expectRedirectError(late.location, 'invalid_request', '007015', late.state);
  });

  it('refuses a timestamp whose "+" arrived as a space (not URL-encoded) with ESIA-007015', async () => {
    const { url, state } = authorizationUrl(emulator.url, signer, {
      redirectUri: REDIRECT,
      scope: SCOPE,
      at: clock.now(),
    });
    const broken = url.replace(/timestamp=([^&]+)%2B0300/, 'timestamp=$1+0300');
    const location = new URL((await fetch(broken, { redirect: 'manual' })).headers.get('location')!);
    expectRedirectError(location, 'invalid_request', '007015', state);
  });

  it('refuses a secret signed over a differently ordered string as access_denied ESIA-007053', async () => {
    const state = '0b1d4a6e-8c2f-4e55-9a77-1f2e3d4c5b6a';
    const timestamp = esiaTimestamp(clock.now());
    const signedText = SCOPE + timestamp + 'ELG_DEMO' + state; // the order of an old ESIA client, no redirect_uri
    const { location } = await authorize({ state, signedText, overrides: { timestamp } });
    expectRedirectError(location, 'access_denied', '007053', state);
  });

  it('accepts a client_secret in standard base64 (+, /, = padding) as well as base64url, as ESIA does', async () => {
    const state = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
    const timestamp = esiaTimestamp(clock.now());
    const { standard, url } = standardBase64Secret('ELG_DEMO' + SCOPE + timestamp + state + REDIRECT);
    expect(standard).toMatch(/==$/);
    for (const secret of [standard, url]) {
      const { location } = await authorize({ state, overrides: { timestamp, client_secret: secret } });
      expect(location?.pathname).toBe('/login');
    }
    const mixed = standard.replace(/[+/]/, (c) => (c === '+' ? '-' : '_'));
    const refused = await authorize({ state, overrides: { timestamp, client_secret: mixed } });
    expectRedirectError(refused.location, 'access_denied', '007053', state);
  });

  it('refuses a request changed after signing (another scope) with ESIA-007053', async () => {
    const { location, state } = await authorize({ overrides: { scope: 'openid fullname' } });
    expectRedirectError(location, 'access_denied', '007053', state);
  });

  it('refuses a redirect address not registered for the client with ESIA-007023, without redirecting', async () => {
    const { response } = await authorize({ redirectUri: 'https://evil.example/callback' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('ESIA-007023');
  });

  it('refuses a scope the client is not approved for with ESIA-007019 and an unknown one with ESIA-007006', async () => {
    const unapproved = await authorize({ scope: 'openid fullname id_doc' });
    expectRedirectError(unapproved.location, 'invalid_scope', '007019', unapproved.state);
    const unknown = await authorize({ scope: 'openid fullname superpowers' });
    expectRedirectError(unknown.location, 'invalid_scope', '007006', unknown.state);
  });

  it('refuses a state that is not a UUID and a repeated parameter with ESIA-007003', async () => {
    const notUuid = await authorize({ state: 'abc' });
    expectRedirectError(notUuid.location, 'invalid_request', '007003', 'abc');
    const { url } = authorizationUrl(emulator.url, signer, {
      redirectUri: REDIRECT,
      scope: SCOPE,
      at: clock.now(),
    });
    const response = await fetch(`${url}&scope=openid`, { redirect: 'manual' });
    expect(await response.text()).toContain('ESIA-007003');
  });

  it("answers the user's «Отказать» with access_denied ESIA-007004 and the state", async () => {
    const { url, state } = authorizationUrl(emulator.url, signer, {
      redirectUri: REDIRECT,
      scope: SCOPE,
      at: clock.now(),
    });
    const callback = await signInAndDecide(emulator.url, new TestBrowser(), url, 'student-15', 'deny');
    expectRedirectError(callback, 'access_denied', '007004', state);
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('refuses an unconfirmed account with ESIA-007055 when the client requires a confirmed one', async () => {
    const strict = await startEsiaEmulator({
      clients: [{ ...demoClient([REDIRECT]), requireConfirmedAccount: true }],
      clock,
    });
    try {
      const { url, state } = authorizationUrl(strict.url, signer, {
        redirectUri: REDIRECT,
        scope: SCOPE,
        at: clock.now(),
      });
      const refused = await signInAndDecide(strict.url, new TestBrowser(), url, 'simplified-unconfirmed');
      expectRedirectError(refused, 'access_denied', '007055', state);
      const confirmed = authorizationUrl(strict.url, signer, {
        redirectUri: REDIRECT,
        scope: SCOPE,
        at: clock.now(),
      });
      expect(
        (await signInAndDecide(strict.url, new TestBrowser(), confirmed.url, 'student-15')).searchParams.get(
          'code',
        ),
      ).toBeTruthy();
    } finally {
      await strict.close();
    }
  });
});

describe('v3/te checks', () => {
  const exchange = (code: string, input: Partial<Parameters<typeof tokenRequest>[2]> = {}) =>
    tokenRequest(emulator.url, signer, {
      code,
      scope: SCOPE,
      redirectUri: REDIRECT,
      at: clock.now(),
      ...input,
    });

  it('exchanges a code once; the second use is ESIA-007011', async () => {
    const code = await freshCode();
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: 'invalid_grant', state: again.state });
    expect(again.body.error_description).toMatch(/^ESIA-007011: /);
  });

  it('refuses a code older than five minutes with ESIA-007011', async () => {
    const code = await freshCode();
    nowMs += 301_000;
    expect((await exchange(code)).body.error_description).toMatch(/^ESIA-007011/);
  });

  it('refuses a redirect address different from v2/ac (ESIA-007011) and a different scope (ESIA-007006)', async () => {
    const code = await freshCode();
    const otherRedirect = await exchange(code, { redirectUri: 'http://127.0.0.1:9/other' });
    expect(otherRedirect.body.error_description).toMatch(/^ESIA-007011/);
    const otherScope = await exchange(await freshCode(), { scope: 'openid fullname' });
    expect(otherScope.body.error_description).toMatch(/^ESIA-007006/);
  });

  it('refuses a secret that does not include the code with access_denied ESIA-007053', async () => {
    const code = await freshCode();
    const timestamp = esiaTimestamp(clock.now());
    const result = await exchange(code, {
      signedText: 'ELG_DEMO' + SCOPE + timestamp,
      overrides: { timestamp },
    });
    expect(result.body).toMatchObject({ error: 'access_denied' });
    expect(result.body.error_description).toMatch(/^ESIA-007053/);
    // A refused request does not burn the code.
    expect((await exchange(code)).status).toBe(200);
  });

  it('accepts a client_secret in standard base64 as well as base64url', async () => {
    for (const alphabet of ['standard', 'url'] as const) {
      const code = await freshCode();
      const state = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
      const timestamp = esiaTimestamp(clock.now());
      const secrets = standardBase64Secret('ELG_DEMO' + SCOPE + timestamp + state + REDIRECT + code);
      const result = await exchange(code, {
        overrides: { state, timestamp, client_secret: secrets[alphabet] },
      });
      expect(result).toMatchObject({ status: 200, body: { state } });
    }
  });

  it('refuses a wrong certificate hash (401, ESIA-007002), a stale timestamp (007015) and a missing parameter (007014)', async () => {
    const code = await freshCode();
    const hash = await exchange(code, { overrides: { client_certificate_hash: '00'.repeat(32) } });
    expect(hash.status).toBe(401);
    expect(hash.body.error_description).toMatch(/^ESIA-007002/);
    expect((await exchange(code, { at: new Date(nowMs - 10 * 60_000) })).body.error_description).toMatch(
      /^ESIA-007015/,
    );
    expect((await exchange(code, { overrides: { token_type: null } })).body.error_description).toMatch(
      /^ESIA-007014/,
    );
  });

  it('accepts form-urlencoded only (JSON is ESIA-007038)', async () => {
    const response = await fetch(`${emulator.url}/aas/oauth2/v3/te`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(
      /^ESIA-007038/,
    );
  });
});

describe('person API checks', () => {
  async function accessToken(scope: string) {
    const result = await tokenRequest(emulator.url, signer, {
      code: await freshCode(scope),
      scope,
      redirectUri: REDIRECT,
      at: clock.now(),
    });
    return { authorization: `Bearer ${String(result.body.access_token)}` };
  }

  it('answers 403 for data outside the granted scopes and shows only granted fields', async () => {
    const auth = await accessToken('openid fullname');
    const person = (await (
      await fetch(`${emulator.url}/rs/prns/1000300001`, { headers: auth })
    ).json()) as Record<string, unknown>;
    expect(person.lastName).toBe('Иванова');
    expect(person).not.toHaveProperty('snils');
    expect(person).not.toHaveProperty('birthDate');
    expect(
      (await fetch(`${emulator.url}/rs/prns/1000300001/kids?embed=(elements)`, { headers: auth })).status,
    ).toBe(403);
    expect((await fetch(`${emulator.url}/rs/prns/1000300001/ctts`, { headers: auth })).status).toBe(403);
    expect((await fetch(`${emulator.url}/rs/prns/1000300002`, { headers: auth })).status).toBe(403);
  });

  it('answers 401 without a token and after the token expired', async () => {
    expect((await fetch(`${emulator.url}/rs/prns/1000300001`)).status).toBe(401);
    const auth = await accessToken('openid fullname');
    nowMs += 3601_000;
    expect((await fetch(`${emulator.url}/rs/prns/1000300001`, { headers: auth })).status).toBe(401);
  });
});
