import { createHash, createHmac, randomBytes } from 'node:crypto';
import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';

/*
 * The Дневник.ру emulator spoken to as the public clients speak to api.dnevnik.ru, call by call, taken from
 * their sources and not from our adapter (issue 22, item 2). No client publishes recorded answers, so the
 * shapes checked are their models':
 * - alllexey123/dnevnik-mobile-api: src/main/java/api/dnevnik/mobile/DnevnikApi.java (`login`: POST
 *   /mobile/v8.5/authorizations/bycredentials), model/request/LoginRequest.java (the body: clientId,
 *   clientSecret, scope, username, password, agreeTerms), model/response/LoginResponse.java and
 *   deserializers/CredentialsDeserializer.java (credentials.accessToken, refreshToken, scope, expiresIn, userId),
 *   model/response/BasicResponse.java and ResponseType.java (the envelope `{ type, description }`,
 *   authorizationFailed, tokenRequired, …), Dnevnik.java (API_URL https://api.dnevnik.ru/);
 * - alllexey123/dnevnik-partners-api: network/AccessTokenInterceptor.java (the `Access-Token` header),
 *   DnevnikPartnersApi.java (GET /v2/users/me, /v2/users/{user}, /v2/users/{userId}/context),
 *   model/user/User.java (the User model: `name`, no `firstName`, no blocked flag, *_str ids),
 *   model/user/UserContext.java and SchoolContext.java, model/user/Role.java (EduStudent, EduStaff, EduParent,
 *   OrganizationStaff, EduSchoolAdministrator), model/user/Person.java (userId apart from the person's id);
 * - kesha1225/DnevnikRuAPI: pydnevnikruapi/constants.py (BASE_URL https://api.dnevnik.ru/v2/),
 *   pydnevnikruapi/dnevnik/dnevnik.py (get_user_children: `user/{id}/children`, singular; get_children:
 *   `users/me/children`; `_check_response`: an HTML error page's `error__description`, and the JSON types
 *   parameterInvalid, authorizationFailed), README.md («Список id пользователей детей текущего пользователя»).
 */

const APP = { clientId: 'elg-dnevnik-demo-client', clientSecret: 'dnevnik-demo-client-secret-0000000000' };
const PARENT = '1000000000000000101';
const TEACHER = '1000000000000000108';
const ADMIN = '1000000000000000123';
const SOFIA = '1000000000000000103';
let emulator: DnevnikEmulator;

beforeAll(async () => {
  emulator = await startDnevnikEmulator();
});
afterAll(() => emulator.close());

interface Answer {
  status: number;
  headers: Headers;
  raw: string;
  json: Record<string, unknown> & { type?: string };
}

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      ...(options.token ? { 'Access-Token': options.token } : {}),
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const raw = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(raw) : {};
  return { status: response.status, headers: response.headers, raw, json };
}

/** dnevnik-mobile-api `Dnevnik.auth`: a LoginRequest with the application's defaults and a user's login. */
const login = (username: string, password: string, app = APP) =>
  call('POST', '/mobile/v8.5/authorizations/bycredentials', {
    body: {
      agreeTerms: false,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      scope: 'Schools,Relatives,EduGroups,Lessons,marks,EduWorks,Avatar',
      username,
      password,
    },
  });

async function tokenOf(username: string, password: string): Promise<string> {
  const answer = await login(username, password);
  return (answer.json.credentials as { accessToken: string }).accessToken;
}

describe('password authorization (bycredentials), as dnevnik-mobile-api sends it', () => {
  it('gives credentials with every field CredentialsDeserializer reads, and the user id as a bare number', async () => {
    const answer = await login('sokolova.marina', 'Dnevnik-Sokolova1');
    expect(answer.status).toBe(200);
    expect(answer.json.type ?? 'Success').toBe('Success');
    expect(answer.json.credentials).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      scope: expect.any(String),
      expiresIn: expect.any(Number),
      userId: expect.any(Number),
    });
    // Read with getAsLong there; JSON.parse here rounds it, which is why a JavaScript client needs users/me.
    expect(answer.raw).toContain(`"userId":${TEACHER}`);
  });

  it('refuses a wrong password, and a blocked account, as authorizationFailed in the envelope', async () => {
    const wrong = await login('sokolova.marina', 'not-it');
    expect(wrong.json).toMatchObject({ type: 'authorizationFailed', description: expect.any(String) });
    expect(wrong.json.credentials).toBeUndefined();
    const blocked = await login('orlova.anna', 'Dnevnik-Orlova1');
    expect(blocked.json).toMatchObject({ type: 'authorizationFailed' });
  });

  it('authorizes only a registered application: there is no password check without clientId and clientSecret', async () => {
    const stranger = await login('sokolova.marina', 'Dnevnik-Sokolova1', { ...APP, clientSecret: 'guess' });
    expect(stranger.json.credentials).toBeUndefined();
    expect(stranger.json.type).not.toBe('Success');
  });

  it('serves no /v2/authorizations/password: the API answers its HTML error page there', async () => {
    const answer = await call('POST', '/v2/authorizations/password', {
      body: { login: 'sokolova.marina', password: 'Dnevnik-Sokolova1' },
    });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/text\/html/);
    expect(answer.raw).toMatch(/<div class="error__description">\s*<p>[^<]+<\/p>/);
  });
});

describe('REST API v2 with a user token in Access-Token', () => {
  it('refuses a call without a token, and one with an unknown token, in the envelope', async () => {
    expect((await call('GET', '/v2/users/me')).json.type).toBe('tokenRequired');
    expect((await call('GET', '/v2/users/me', { token: 'no-such-token' })).json.type).toBe(
      'authorizationFailed',
    );
  });

  it('answers users/me with the User model: name, not firstName; no blocked flag; exact *_str ids', async () => {
    const token = await tokenOf('sokolova.marina', 'Dnevnik-Sokolova1');
    const me = await call('GET', '/v2/users/me', { token });
    expect(me.json).toMatchObject({
      id_str: TEACHER,
      personId_str: '2000000000000000108',
      name: 'Марина',
      lastName: 'Соколова',
      roles: ['EduStaff', 'EduParent'],
    });
    expect(me.json).not.toHaveProperty('firstName');
    expect(me.json).not.toHaveProperty('isBlocked');
    // The bare numbers carry every digit, which JSON.parse rounds: two accounts' ids would collide.
    expect(me.raw).toContain(`"id":${TEACHER}`);
    expect(String(me.json.id)).not.toBe(TEACHER);
    expect((await call('GET', `/v2/users/${PARENT}`, { token })).json).toMatchObject({ id_str: PARENT });
  });

  it('names a school administrator EduSchoolAdministrator', async () => {
    const token = await tokenOf('zaitseva.olga', 'Dnevnik-Zaitseva1');
    expect((await call('GET', `/v2/users/${ADMIN}`, { token })).json.roles).toEqual([
      'EduSchoolAdministrator',
    ]);
  });

  it('answers users/{id}/context with the UserContext model: roles and schools', async () => {
    const token = await tokenOf('sokolova.marina', 'Dnevnik-Sokolova1');
    const context = await call('GET', `/v2/users/${TEACHER}/context`, { token });
    expect(context.json).toMatchObject({
      shortName: 'Соколова Марина',
      roles: ['EduStaff', 'EduParent'],
      schools: [
        expect.objectContaining({ name: 'МБОУ «СОШ № 110»', type: expect.any(String), groupIds: [] }),
        expect.objectContaining({ name: 'МБОУ «Гимназия № 74»' }),
      ],
    });
    expect(context.json.schoolIds).toHaveLength(2);
    expect((await call('GET', '/v2/users/me/context', { token })).json.shortName).toBe('Соколова Марина');
  });

  it('lists children at user/{id}/children (singular user) as school records, and users/me/children as account ids', async () => {
    const token = await tokenOf('ivanova.elena', 'Dnevnik-Ivanova1');
    const records = await call('GET', `/v2/user/${TEACHER}/children`, { token });
    expect(records.json).toEqual([
      expect.objectContaining({
        id_str: '2000000000000000113',
        userId: null,
        userId_str: null,
        firstName: 'Артём',
      }),
    ]);
    const ids = await call('GET', '/v2/users/me/children', { token });
    expect(ids.raw).toBe(`[1000000000000000102,${SOFIA}]`);
  });

  it('does not serve the invented users/{id}/memberships and users/{id}/children (plural)', async () => {
    const token = await tokenOf('ivanova.elena', 'Dnevnik-Ivanova1');
    for (const path of [`/v2/users/${PARENT}/memberships`, `/v2/users/${PARENT}/children`]) {
      const answer = await call('GET', path, { token });
      expect(answer.status).toBe(404);
      expect(answer.raw).toContain('error__description');
    }
  });

  it('refuses a malformed id as parameterInvalid', async () => {
    const token = await tokenOf('ivanova.elena', 'Dnevnik-Ivanova1');
    expect((await call('GET', '/v2/users/12ab', { token })).json.type).toBe('parameterInvalid');
  });
});

/** A request signed as docs/diary-api.openapi.json "Authentication" says, written from the document here. */
function signed(method: string, target: string, body: string, secret: string, keyId = 'elg-dnevnik-demo') {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(18).toString('base64url');
  const canonical = [method, target, timestamp, nonce, createHash('sha256').update(body).digest('hex')].join(
    '\n',
  );
  return {
    'X-ELG-Key-Id': keyId,
    'X-ELG-Timestamp': timestamp,
    'X-ELG-Nonce': nonce,
    'X-ELG-Signature': createHmac('sha256', secret).update(canonical).digest('base64url'),
  };
}

describe('the diary-API extension the vendor deploys (docs/diary-api.openapi.json)', () => {
  const SECRET = 'dnevnik-demo-extension-secret-00000000000000';

  it('refuses an unsigned or wrongly signed request in the API error model', async () => {
    expect((await call('GET', `/elg/v1/users/${PARENT}`)).json).toEqual({
      error: { code: 'headers_missing', message: expect.any(String) },
    });
    const wrong = signed('GET', `/elg/v1/users/${PARENT}`, '', 'not-the-secret-not-the-secret-0000');
    expect((await call('GET', `/elg/v1/users/${PARENT}`, { headers: wrong })).json).toMatchObject({
      error: { code: 'signature_invalid' },
    });
  });

  it('answers a profile by arbitrary id in the gateway words, with the account locked or not', async () => {
    const path = '/elg/v1/users/1000000000000000121';
    const answer = await call('GET', path, { headers: signed('GET', path, '', SECRET) });
    expect(answer.json).toEqual({
      userId: '1000000000000000121',
      lastName: 'Орлова',
      firstName: 'Анна',
      middleName: 'Петровна',
      birthDate: '1990-04-02',
      snils: null,
      roles: ['staff'],
      locked: true,
    });
  });

  it('records a link notice once per Idempotency-Key, and a late removal of an older link is superseded', async () => {
    const notice = (event: string, linkId: string) => {
      const body = JSON.stringify({ event, linkId, userId: PARENT, at: '2026-11-22T09:00:00.000Z' });
      return call('POST', '/elg/v1/link-notices', {
        headers: {
          ...signed('POST', '/elg/v1/link-notices', body, SECRET),
          'Content-Type': 'application/json',
          'Idempotency-Key': `${event}:${linkId}`,
        },
        body: JSON.parse(body),
      });
    };
    expect((await notice('created', 'link-a')).json).toEqual({ outcome: 'recorded' });
    expect((await notice('created', 'link-a')).json).toEqual({ outcome: 'already_recorded' });
    expect((await notice('created', 'link-b')).json).toEqual({ outcome: 'recorded' });
    expect((await notice('removed', 'link-a')).json).toEqual({ outcome: 'superseded' });
    expect(emulator.esiaLink(PARENT)?.linkId).toBe('link-b');
    expect(emulator.linkNoticeApplications('link-a')).toBe(1);
  });
});

describe('Дневник.ру emulator outage switch', () => {
  it('drops every connection while down, and answers again when back', async () => {
    await emulator.setDown(true);
    await expect(call('GET', '/v2/users/me')).rejects.toThrow();
    await emulator.setDown(false);
    expect((await call('GET', '/v2/users/me')).status).toBe(401);
  });
});
