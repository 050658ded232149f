import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';

const TOKEN = 'dnevnik-demo-access-token';
const PARENT = '1000000000000000101';
const STUDENT = '1000000000000000102';
const TEACHER = '1000000000000000108';
const ARTYOM_PERSON = '2000000000000000113';
let now = new Date('2026-11-22T09:00:00Z');
let emulator: DnevnikEmulator;

beforeAll(async () => {
  emulator = await startDnevnikEmulator({ clock: { now: () => now } });
});
afterAll(() => emulator.close());

async function api(method: string, path: string, options: { token?: string | null; body?: unknown } = {}) {
  const token = options.token === undefined ? TOKEN : options.token;
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      ...(token ? { 'Access-Token': token } : {}),
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const raw = await response.text();
  return { status: response.status, headers: response.headers, raw, json: raw ? JSON.parse(raw) : null };
}

describe('Дневник.ру API v2: ids, tokens, people', () => {
  it('writes 64-bit ids as bare numbers with every digit, which JSON.parse rounds: only id_str is exact', async () => {
    const { raw, json } = await api('GET', `/v2/users/${PARENT}`);
    expect(raw).toContain(`"id":${PARENT},`);
    expect(json.id_str).toBe(PARENT);
    expect(String(json.id)).not.toBe(PARENT);
    const student = await api('GET', `/v2/users/${STUDENT}`);
    expect(student.json.id).toBe(json.id); // two accounts, one rounded number
  });

  it('refuses every call without the service token or a user token, as 401 invalidToken', async () => {
    expect(await api('GET', `/v2/users/${PARENT}`, { token: null })).toMatchObject({
      status: 401,
      json: { type: 'invalidToken' },
    });
    expect((await api('GET', `/v2/users/${PARENT}`, { token: 'wrong' })).status).toBe(401);
  });

  it('answers users/me only to a user token, which a password authorization issues', async () => {
    expect((await api('GET', '/v2/users/me')).json.type).toBe('userContextRequired');
    const auth = await api('POST', '/v2/authorizations/password', {
      body: { login: 'Ivanov.Maksim', password: 'Dnevnik-Maksim1' },
    });
    expect(auth).toMatchObject({ status: 200, json: { user_str: STUDENT } });
    const me = await api('GET', '/v2/users/me', { token: auth.json.accessToken });
    expect(me.json).toMatchObject({ id_str: STUDENT, lastName: 'Иванов', roles: ['EduStudent'] });
  });

  it('keeps userId apart from personId: a school record may have no login account', async () => {
    const user = await api('GET', `/v2/users/${TEACHER}`);
    expect(user.json.personId_str).toBe('2000000000000000108');
    expect(user.json.roles).toEqual(['EduStaff', 'EduParent']);
    const children = await api('GET', `/v2/users/${TEACHER}/children`);
    expect(children.json).toEqual([
      expect.objectContaining({ id_str: ARTYOM_PERSON, userId: null, userId_str: null, firstName: 'Артём' }),
    ]);
    const person = await api('GET', `/v2/persons/${ARTYOM_PERSON}`);
    expect(person.json).toMatchObject({ birthday: '2017-01-19T00:00:00', eduGroup: { name: '4 «Б»' } });
    expect((await api('GET', `/v2/persons/2000000000000000101/children`)).json).toHaveLength(2);
  });

  it('gives a teacher as EduStaff with a position, and staff without one', async () => {
    const teacher = (await api('GET', `/v2/users/${TEACHER}/memberships`)).json;
    expect(teacher).toContainEqual(
      expect.objectContaining({ role: 'EduStaff', position: 'Учитель математики' }),
    );
    const secretary = (await api('GET', '/v2/users/1000000000000000121/memberships')).json;
    expect(secretary[0]).toMatchObject({ role: 'EduStaff', position: 'Секретарь учебной части' });
  });

  it('sends a missing birth date as null and an unknown id as 404, a malformed one as 400', async () => {
    expect((await api('GET', '/v2/users/1000000000000000120')).json.birthday).toBeNull();
    expect(await api('GET', '/v2/users/999999999999999999')).toMatchObject({
      status: 404,
      json: { type: 'userNotFound' },
    });
    expect((await api('GET', '/v2/users/12ab')).json.type).toBe('parameterInvalid');
  });
});

describe('Дневник.ру API v2: password authorization', () => {
  const check = (login: string, password: string) =>
    api('POST', '/v2/authorizations/password', { body: { login, password } });

  it('types its refusals: invalidCredentials 401, userBlocked 403 (only with the right password)', async () => {
    expect(await check('nikolaev.egor', 'nope')).toMatchObject({
      status: 401,
      json: { type: 'invalidCredentials' },
    });
    expect(await check('orlova.anna', 'Dnevnik-Orlova1')).toMatchObject({
      status: 403,
      json: { type: 'userBlocked' },
    });
    expect((await check('orlova.anna', 'wrong')).json.type).toBe('invalidCredentials');
  });

  it('after five failures refuses even the right password with 429 and Retry-After, until the window passes', async () => {
    for (let i = 0; i < 5; i++) expect((await check('belov.timur', `guess-${i}`)).status).toBe(401);
    const limited = await check('belov.timur', 'Dnevnik-Belov1');
    expect(limited).toMatchObject({ status: 429, json: { type: 'tooManyAttempts' } });
    expect(Number(limited.headers.get('retry-after'))).toBe(900);
    now = new Date(now.getTime() + 600_000);
    expect(Number((await check('belov.timur', 'Dnevnik-Belov1')).headers.get('retry-after'))).toBe(300);
    now = new Date(now.getTime() + 300_000);
    expect((await check('belov.timur', 'Dnevnik-Belov1')).status).toBe(200);
  });

  it('takes password checks only from the trusted client, not from a user token', async () => {
    const auth = await check('ivanova.sofia', 'Dnevnik-Sofia1');
    const asUser = await api('POST', '/v2/authorizations/password', {
      token: auth.json.accessToken,
      body: { login: 'ivanova.sofia', password: 'Dnevnik-Sofia1' },
    });
    expect(asUser).toMatchObject({ status: 403, json: { type: 'clientNotAllowed' } });
  });
});

describe('Дневник.ру API v2: ESIA link notices', () => {
  const path = `/v2/users/${PARENT}/esia-link`;
  const linkA = { linkId: '00000000-0000-4000-8000-00000000000a', linkedAt: '2026-11-22T09:00:00.000Z' };
  const linkB = { linkId: '00000000-0000-4000-8000-00000000000b', linkedAt: '2026-11-22T10:00:00.000Z' };

  it('marks a link idempotently, and a late unlink of an older link leaves the newer one alone', async () => {
    expect((await api('POST', path, { body: linkA })).status).toBe(204);
    expect((await api('POST', path, { body: linkA })).status).toBe(204);
    expect((await api('GET', path)).json).toEqual({ linked: true, ...linkA });
    await api('POST', path, { body: linkB });
    expect((await api('DELETE', `${path}?linkId=${linkA.linkId}`)).status).toBe(204);
    expect((await api('GET', path)).json.linkId).toBe(linkB.linkId);
    expect((await api('DELETE', `${path}?linkId=${linkB.linkId}`)).status).toBe(204);
    expect((await api('DELETE', `${path}?linkId=${linkB.linkId}`)).status).toBe(204);
    expect((await api('GET', path)).json).toEqual({ linked: false, linkId: null, linkedAt: null });
  });

  it('refuses a notice without a link id, and one for an unknown user with 404', async () => {
    expect((await api('POST', path, { body: { linkedAt: linkA.linkedAt } })).status).toBe(400);
    expect((await api('POST', '/v2/users/999999999999999999/esia-link', { body: linkA })).status).toBe(404);
  });
});

describe('Дневник.ру emulator outage switch', () => {
  it('drops every connection while down, and answers again when back', async () => {
    await emulator.setDown(true);
    await expect(api('GET', `/v2/users/${PARENT}`)).rejects.toThrow();
    await emulator.setDown(false);
    expect((await api('GET', `/v2/users/${PARENT}`)).status).toBe(200);
  });
});
