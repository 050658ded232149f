import { importX509, jwtVerify } from 'jose';
import { demoClientSigner } from '../../emulators/esia/testing/demo-client.signer';
import {
  TestBrowser,
  formWith,
  authorizationUrl,
  signInAndDecide,
  tokenRequest,
} from '../../emulators/esia/testing/esia-test-client';
import { startEsiaEmulator, type EsiaEmulator } from '../../emulators/esia/esia-emulator.server';

const REDIRECT = 'http://127.0.0.1:9/esia/callback';
const PARENT_SCOPE =
  'openid fullname birthdate gender snils email mobile kid_fullname kid_birthdate kid_gender kid_snils';
const signer = demoClientSigner();

async function getJson<T = Record<string, unknown>>(
  url: string,
  headers: Record<string, string>,
): Promise<T> {
  return (await (await fetch(url, { headers })).json()) as T;
}

function decodeJwt(token: string) {
  const [header, payload, signature] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>,
    signingInput: Buffer.from(`${header}.${payload}`, 'ascii'),
    signature: Buffer.from(signature!, 'base64url'),
  };
}

/** Runs v2/ac → sign-in → consent → v3/te for a persona; returns the token response. */
async function signInAs(
  emulator: EsiaEmulator,
  personaId: string,
  scope = PARENT_SCOPE,
  accessType: 'online' | 'offline' = 'online',
) {
  const browser = new TestBrowser();
  const { url, state } = authorizationUrl(emulator.url, signer, { scope, redirectUri: REDIRECT, accessType });
  const callback = await signInAndDecide(emulator.url, browser, url, personaId);
  expect(callback.origin + callback.pathname).toBe(REDIRECT);
  expect(callback.searchParams.get('state')).toBe(state);
  const code = callback.searchParams.get('code')!;
  const token = await tokenRequest(emulator.url, signer, { code, scope, redirectUri: REDIRECT });
  expect(token.status).toBe(200);
  expect(token.body.state).toBe(token.state);
  return { ...token, browser };
}

describe.each(['auto', 'js'] as const)('ESIA emulator happy path (GOST backend: %s)', (gostBackend) => {
  let emulator: EsiaEmulator;
  beforeAll(async () => {
    emulator = await startEsiaEmulator({ redirectUris: [REDIRECT], gostBackend });
  });
  afterAll(() => emulator.close());

  it('signs a parent in and serves her person data, contacts and both children', async () => {
    const { body } = await signInAs(emulator, 'parent-two-schools');
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    expect(body.refresh_token).toBeUndefined();

    const idToken = decodeJwt(String(body.id_token));
    const accessToken = decodeJwt(String(body.access_token));
    const [certificate] = emulator.certificatesPem();
    for (const jwt of [idToken, accessToken]) {
      expect(jwt.header).toMatchObject({ alg: 'GOST3410_2012_256', typ: 'JWT' });
      expect(typeof jwt.header.kid).toBe('string');
      expect(signer.verifyWithCertificate(certificate!, jwt.signingInput, jwt.signature)).toBe(true);
    }
    expect(idToken.payload).toMatchObject({
      iss: 'http://esia.gosuslugi.ru/',
      aud: 'ELG_DEMO',
      sub: '1000300001',
      amr: 'PWD',
      'urn:esia:sbj': {
        'urn:esia:sbj:typ': 'P',
        'urn:esia:sbj:oid': 1000300001,
        'urn:esia:sbj:lvl': 'PR',
        'urn:esia:sbj:is_tru': true,
      },
    });
    expect(accessToken.payload).toMatchObject({
      'urn:esia:sbj_id': 1000300001,
      client_id: 'ELG_DEMO',
      iss: 'http://esia.gosuslugi.ru/',
    });
    expect(String(accessToken.payload.scope)).toContain('fullname?oid=1000300001');

    const auth = { authorization: `Bearer ${String(body.access_token)}` };
    const person = await (await fetch(`${emulator.url}/rs/prns/1000300001`, { headers: auth })).json();
    expect(person).toMatchObject({
      firstName: 'Елена',
      lastName: 'Иванова',
      middleName: 'Сергеевна',
      birthDate: '17.05.1984',
      gender: 'F',
      snils: '112-233-445 95',
      citizenship: 'RUS',
      trusted: true,
    });

    const contacts = await getJson<{ elements: Array<{ type: string }> }>(
      `${emulator.url}/rs/prns/1000300001/ctts?embed=(elements)`,
      auth,
    );
    expect(contacts.elements.map((c) => c.type).sort()).toEqual(['EML', 'MBT']);
    const links = await getJson<{ elements: string[] }>(`${emulator.url}/rs/prns/1000300001/ctts`, auth);
    expect(links.elements[0]).toMatch(new RegExp(`^${emulator.url}/rs/prns/1000300001/ctts/\\d+$`));
    const one = await getJson(links.elements[0]!, auth);
    expect(one.type).toBeDefined();

    const kids = await getJson<{ size: number; elements: unknown[] }>(
      `${emulator.url}/rs/prns/1000300001/kids?embed=(elements)`,
      auth,
    );
    expect(kids.size).toBe(2);
    expect(kids.elements).toEqual([
      expect.objectContaining({
        id: 1000300002,
        firstName: 'Максим',
        birthDate: '10.03.2011',
        snils: '145-926-378 94',
      }),
      expect.objectContaining({ id: 1000300003, firstName: 'София', birthDate: '30.08.2013', gender: 'F' }),
    ]);
  });

  it('marks a child account KD and leaves is_tru out for unconfirmed accounts', async () => {
    const child = decodeJwt(String((await signInAs(emulator, 'child-13', 'openid fullname')).body.id_token));
    expect(child.payload['urn:esia:sbj']).toEqual(expect.objectContaining({ 'urn:esia:sbj:lvl': 'KD' }));
    expect(child.payload['urn:esia:sbj']).not.toHaveProperty('urn:esia:sbj:is_tru');
    const simple = decodeJwt(
      String((await signInAs(emulator, 'simplified-unconfirmed', 'openid fullname')).body.id_token),
    );
    expect(simple.payload['urn:esia:sbj']).toEqual(expect.objectContaining({ 'urn:esia:sbj:lvl': 'P' }));
    expect(simple.payload['urn:esia:sbj']).not.toHaveProperty('urn:esia:sbj:is_tru');
  });
});

describe('ESIA emulator: other ways through', () => {
  let emulator: EsiaEmulator;
  beforeAll(async () => {
    emulator = await startEsiaEmulator({ redirectUris: [REDIRECT] });
  });
  afterAll(() => emulator.close());

  it('signs in with phone and password on the «Вход» form, and refuses a wrong password', async () => {
    const browser = new TestBrowser();
    const { url } = authorizationUrl(emulator.url, signer, { redirectUri: REDIRECT });
    const login = new URL((await browser.get(url)).headers.get('location')!, emulator.url);
    const page = await (await browser.get(login.toString())).text();
    expect(page).toContain('<h1>Вход</h1>');
    expect(page).not.toMatch(/<script|style="/);
    const { csrf } = formWith(page, 'Войти').fields;
    const req = login.searchParams.get('req')!;
    const wrong = await browser.post(`${emulator.url}/login`, {
      req,
      csrf,
      login: '+7 (913) 100-00-02',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Неверный логин или пароль');
    const right = await browser.post(`${emulator.url}/login`, {
      req,
      csrf,
      login: '+7 (913) 100-00-02',
      password: 'Student-2026',
    });
    expect(right.headers.get('location')).toMatch(/^\/aas\/oauth2\/consent\?req=/);
    const consent = await browser.get(new URL(right.headers.get('location')!, emulator.url).toString());
    expect(consent.headers.get('content-security-policy')).toContain("form-action 'self' http://127.0.0.1:9");
    const text = await consent.text();
    expect(text).toContain('Предоставление прав доступа');
    expect(text).toContain('Просмотр вашей фамилии, имени и отчества');
    expect(text).toContain('Просмотр СНИЛС');
  });

  it('refuses a consent form without the session CSRF token', async () => {
    const browser = new TestBrowser();
    const { url } = authorizationUrl(emulator.url, signer, { redirectUri: REDIRECT });
    const login = new URL((await browser.get(url)).headers.get('location')!, emulator.url);
    const response = await browser.post(`${emulator.url}/login`, {
      req: login.searchParams.get('req')!,
      csrf: 'forged',
      persona: 'student-15',
    });
    expect(response.status).toBe(403);
  });

  it('keeps the ESIA session for the next sign-in and ends it at /idp/ext/Logout', async () => {
    const { browser } = await signInAs(emulator, 'teacher-parent', 'openid fullname');
    const again = authorizationUrl(emulator.url, signer, { scope: 'openid fullname', redirectUri: REDIRECT });
    expect((await browser.get(again.url)).headers.get('location')).toMatch(/^\/aas\/oauth2\/consent/);
    const logout = await browser.get(
      `${emulator.url}/idp/ext/Logout?client_id=ELG_DEMO&redirect_url=${encodeURIComponent('http://127.0.0.1:9/bye')}`,
    );
    expect(logout.headers.get('location')).toBe('http://127.0.0.1:9/bye');
    const third = authorizationUrl(emulator.url, signer, { scope: 'openid fullname', redirectUri: REDIRECT });
    expect((await browser.get(third.url)).headers.get('location')).toMatch(/^\/login/);
    const foreign = await browser.get(
      `${emulator.url}/idp/ext/Logout?client_id=ELG_DEMO&redirect_url=${encodeURIComponent('https://evil.example/')}`,
    );
    expect(foreign.status).toBe(200);
  });

  it('gives a refresh token for offline access and refreshes once with it', async () => {
    const scope = 'openid fullname';
    const { body } = await signInAs(emulator, 'regional-operator', scope, 'offline');
    const refreshToken = String(body.refresh_token);
    const refreshed = await tokenRequest(emulator.url, signer, {
      refreshToken,
      scope,
      redirectUri: REDIRECT,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.state).toBe(refreshed.state);
    expect(refreshed.body.refresh_token).not.toBe(refreshToken);
    const reused = await tokenRequest(emulator.url, signer, { refreshToken, scope, redirectUri: REDIRECT });
    expect(reused.body.error_description).toMatch(/^ESIA-007011/);
  });
});

describe('ESIA emulator with an RS256 client', () => {
  it('signs tokens with RS256 that verify against its RSA certificate', async () => {
    const emulator = await startEsiaEmulator({ redirectUris: [REDIRECT], signingAlg: 'RS256' });
    try {
      const { body } = await signInAs(emulator, 'student-15', 'openid fullname');
      const key = await importX509(emulator.certificatesPem()[0]!, 'RS256');
      const { payload, protectedHeader } = await jwtVerify(String(body.id_token), key, {
        issuer: 'http://esia.gosuslugi.ru/',
        audience: 'ELG_DEMO',
      });
      expect(payload.sub).toBe('1000300002');
      expect(protectedHeader.kid).toEqual(expect.any(String));
    } finally {
      await emulator.close();
    }
  });
});
