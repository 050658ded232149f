import { createHash, createHmac, randomBytes } from 'node:crypto';
import { FixedClock } from '../../src/core/clock';
import { passwordProof } from '../../emulators/setevoy-region/password.hash';
import { loadSetevoyFixture } from '../../emulators/setevoy-region/setevoy.fixture';
import {
  startSetevoyRegionEmulator,
  type SetevoyEmulator,
} from '../../emulators/setevoy-region/setevoy-emulator.server';

/*
 * The «Сетевой Регион» emulator against the protocol as the public clients speak it, not as our adapter does:
 * every request here is one a public client sends, with its field names and its session handling. Sources:
 *   nm17/netschoolapi    netschoolapi/netschoolapi.py (login: logindata → auth/getdata → login with scid),
 *                        netschoolapi/login_form.py at 233081f^ (the cascade, LASTNAME = the level chosen),
 *                        docs/responses/ at 233081f (recorded answers, in the fixture's `recorded`);
 *   lentryd/NetSchoolApi src/methods/logIn/methods/*.ts (iconv-lite windows-1251, schools/search, getdata);
 *   vkrya/netschoolpy    netschoolpy/client.py, http.py (Referer of the host, schools/search?name=);
 *   kmlebedev/netSchoolWebApi swagger/swagger.yaml (LoginData, GetAuthData, Login, mySettings);
 *   mezhendosina/che-zadali-app LoginApi.kt (LoginType, UN, PW… in capitals; context/students).
 */

const clock = new FixedClock(new Date('2026-11-22T03:00:00Z'));
const fixture = loadSetevoyFixture();
let emulator: SetevoyEmulator;
let esiaOnly: SetevoyEmulator;
beforeAll(async () => {
  [emulator, esiaOnly] = await Promise.all([
    startSetevoyRegionEmulator({ clock }),
    startSetevoyRegionEmulator({ clock, passwordLoginDisabled: true }),
  ]);
});
afterAll(() => Promise.all([emulator.close(), esiaOnly.close()]));

// Loosely typed on purpose: the tests read the emulator's answers as a client would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * A client as nm17/netschoolapi builds one: base `<host>/webapi`, `referer: <host>` on every request, and a
 * cookie jar (httpx keeps NSSESSIONID between calls). `referer: false` or `cookies: false` leave them out.
 */
class PublicClient {
  private readonly jar = new Map<string, string>();
  constructor(
    private readonly host: string,
    private readonly options: { referer?: boolean; cookies?: boolean } = {},
  ) {}
  at: string | null = null;

  async call(method: 'GET' | 'POST', path: string, form?: Record<string, string>) {
    const headers: Record<string, string> = {};
    if (this.options.referer !== false) headers.referer = this.host;
    if (this.options.cookies !== false && this.jar.size)
      headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.at) headers.at = this.at;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(`${this.host}/webapi/${path}`, {
      method,
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.jar.set(name!.trim(), value.join('='));
    }
    const text = await res.text();
    let body: Json = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, cookies: new Map(this.jar) };
  }

  /** nm17/netschoolapi `login`, field for field (lowercase names), with the school id alone. */
  async login(
    un: string,
    password: string,
    scid: number | string,
    tamper?: (f: Record<string, string>) => void,
  ) {
    await this.call('GET', 'logindata');
    const form = loginForm((await this.call('POST', 'auth/getdata')).body, un, password, scid);
    tamper?.(form);
    const answer = await this.call('POST', 'login', form);
    if (answer.status === 200) this.at = answer.body.at;
    return { ...answer, form };
  }
}

/**
 * nm17/netschoolapi's login form, field for field (lowercase names): the school id alone, the password's proof
 * under getdata's salt (none from a host that signs in through Госуслуги only) and getdata's other fields.
 */
function loginForm(
  getdata: Json,
  un: string,
  password: string,
  scid: number | string,
): Record<string, string> {
  const { salt, ...rest } = getdata;
  const { pw2, PW } = passwordProof(salt ?? '', password);
  return { loginType: '1', scid: String(scid), un, pw: PW, pw2, ...rest };
}

const client = (options?: { referer?: boolean; cookies?: boolean }) =>
  new PublicClient(emulator.url, options);
const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

describe('password hashing (windows-1251, salted md5)', () => {
  // Written out by hand from the windows-1251 table, not by an encoder: Ё=A8 л=EB к=EA а=E0 №=B9.
  const ELKA = Buffer.concat([
    Buffer.from([0xa8, 0xeb, 0xea, 0xe0]),
    Buffer.from('-2026', 'ascii'),
    Buffer.from([0xb9]),
  ]);

  it('pw2 = md5(salt + md5hex(cp1251 password)) and PW = pw2 cut to the password length (nm17 `login`)', () => {
    const expected = md5('4815162342' + md5(ELKA));
    expect(passwordProof('4815162342', 'Ёлка-2026№')).toEqual({ pw2: expected, PW: expected.slice(0, 10) });
  });

  it('encodes the whole code page, not only Cyrillic letters: « » — € § (0xAB 0xBB 0x97 0x88 0xA7)', () => {
    const bytes = Buffer.from([0xab, 0xbb, 0x97, 0x88, 0xa7]);
    expect(passwordProof('1', '«»—€§').pw2).toBe(md5('1' + md5(bytes)));
  });
});

describe('the session: logindata first, then NSSESSIONID and a Referer through getdata and login', () => {
  it('logindata answers the swagger LoginData fields and sets the NSSESSIONID cookie', async () => {
    const c = client();
    const { status, body, cookies } = await c.call('GET', 'logindata');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      productName: 'Сетевой Регион. Образование',
      schoolLogin: true,
      esiaMainAuth: false,
    });
    expect(cookies.get('NSSESSIONID')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('getdata in that session hands out lt, ver and salt (swagger GetAuthData)', async () => {
    const c = client();
    await c.call('GET', 'logindata');
    const { status, body } = await c.call('POST', 'auth/getdata');
    expect(status).toBe(200);
    expect(body).toEqual({
      lt: expect.stringMatching(/^\d+$/),
      ver: expect.stringMatching(/^\d+$/),
      salt: expect.stringMatching(/^\d+$/),
    });
  });

  it('refuses getdata without the session cookie or without a Referer', async () => {
    const noCookie = client({ cookies: false });
    await noCookie.call('GET', 'logindata');
    expect((await noCookie.call('POST', 'auth/getdata')).status).toBe(403);
    const noReferer = client({ referer: false });
    await noReferer.call('GET', 'logindata');
    expect((await noReferer.call('POST', 'auth/getdata')).status).toBe(403);
  });

  it('refuses a login whose challenge another session got', async () => {
    const a = client();
    await a.call('GET', 'logindata');
    const meta = (await a.call('POST', 'auth/getdata')).body;
    const b = client();
    await b.call('GET', 'logindata');
    const answer = await b.call('POST', 'login', loginForm(meta, 'isupova.nyu', 'Информатика-2026', 3801));
    expect(answer).toMatchObject({
      status: 409,
      body: { message: 'Время ожидания истекло. Обновите страницу и войдите снова' },
    });
  });

  it('answers GET on its POST-only routes with 405, not 404', async () => {
    for (const path of ['auth/getdata', 'login', 'auth/logout'])
      expect((await client().call('GET', path)).status).toBe(405);
  });
});

describe('the login form cascade: LASTNAME names the level already chosen, the answer lists the next', () => {
  it('walks the cascade as nm17/netschoolapi login_form.py does (lowercase `lastname`, cid→sid→pid→cn→sft→scid)', async () => {
    const c = client();
    const form: Record<string, string> = { cid: '2' };
    const wanted: Array<[string, string, string]> = [
      ['cid', 'sid', 'Иркутская область'],
      ['sid', 'pid', 'Братский район'],
      ['pid', 'cn', 'с. Большая Ока'],
      ['cn', 'sft', 'Общеобразовательная'],
      ['sft', 'scid', 'МКОУ «Большеокинская СОШ»'],
    ];
    for (const [lastName, next, name] of wanted) {
      const query = new URLSearchParams({ ...form, lastname: lastName });
      const { body } = await c.call('GET', `loginform?${query}`);
      const item = body.items.find((i: { name: string }) => i.name === name);
      expect({ lastName, found: item?.name }).toEqual({ lastName, found: name });
      form[next] = String(item.id);
    }
    expect(form).toEqual({ cid: '2', sid: '38', pid: '101', cn: '1011', sft: '2', scid: '3801' });
  });

  it('answers LASTNAME in capitals (the swagger) the same, lists «Все» among the settlements, and nothing after the school', async () => {
    const c = client();
    expect((await c.call('GET', 'loginform?cid=2&sid=38&pid=101&LASTNAME=pid')).body.items).toEqual([
      { id: -1, name: 'Все' },
      { id: 1011, name: 'с. Большая Ока' },
      { id: 1012, name: 'п. Тангуй' },
    ]);
    expect(
      (await c.call('GET', 'loginform?cid=2&sid=38&pid=101&cn=-1&LASTNAME=cn')).body.items.map(
        (i: { name: string }) => i.name,
      ),
    ).toEqual(['Общеобразовательная', 'Дополнительное образование детей']);
    expect(
      (await c.call('GET', 'loginform?cid=2&sid=38&pid=101&cn=1011&sft=2&scid=3801&LASTNAME=scid')).body
        .items,
    ).toEqual([]);
  });

  it('names the «Тип ОО» level with the recorded functypes (nm17 docs/responses/references/functypes.json)', async () => {
    const { body } = await client().call('GET', 'prepareloginform?pid=102&cn=-1');
    expect(body.funcs).toEqual(fixture.recorded.functypes.filter((t) => [1, 2].includes(t.id)));
  });
});

describe('schools/search?name= (NetSchool 5.13+: the school by name, then login with scid alone)', () => {
  it('is refused (403) without `name`', async () => {
    expect((await client().call('GET', 'schools/search')).status).toBe(403);
  });

  it('finds by part of the name, answering the fields lentryd/NetSchoolApi reads; nm17 matches shortName, vkrya the name before « (»', async () => {
    const { status, body } = await client().call(
      'GET',
      `schools/search?name=${encodeURIComponent('Гимназия № 74')}`,
    );
    expect(status).toBe(200);
    expect(body).toEqual([
      {
        id: 3802,
        inn: null,
        ogrn: null,
        name: 'МАОУ «Гимназия № 74» г. Иркутска (Иркутск)',
        shortName: 'МАОУ «Гимназия № 74» г. Иркутска',
        cityId: 1021,
        provinceId: 102,
        address: null,
      },
    ]);
    expect(body[0].name.split(' (')[0]).toBe(body[0].shortName);
  });

  it('no longer answers addresses/schools?id=', async () => {
    expect((await client().call('GET', 'addresses/schools?id=3801')).status).toBe(404);
  });
});

describe('login (scid alone) and the signed-in session', () => {
  it('lets a Cyrillic password in with scid alone; the `at` opens mysettings, context and context/students', async () => {
    const c = client();
    const { status, body } = await c.login('isupova.nyu', 'Информатика-2026', 3801);
    expect(status).toBe(200);
    expect(body).toMatchObject({ at: expect.any(String), accountInfo: { user: { id: 734011 } } });
    const settings = (await c.call('GET', 'mysettings')).body;
    expect(settings).toMatchObject({
      userId: 734011,
      loginName: 'isupova.nyu',
      birthDate: '1979-04-12T00:00:00',
      roles: ['Teacher', 'Admin'],
    });
    // The signed-in session's own data carry no SNILS and no children (what the gateway reads by id needs the extension).
    expect(settings).not.toHaveProperty('snils');
    const context = (await c.call('GET', 'context')).body;
    expect(Object.keys(context).sort()).toEqual(Object.keys(fixture.recorded.context).sort());
    expect(context).toMatchObject({
      userId: 734011,
      schoolId: 3801,
      roles: ['Teacher', 'Admin'],
      user: { id: 734011 },
    });
    expect(context).not.toHaveProperty('children');
    await c.call('POST', 'auth/logout');
    expect((await c.call('GET', 'mysettings')).status).toBe(401);
  });

  it('takes the capitalised fields of the swagger and che-zadali-app (LoginType, UN, PW) the same way', async () => {
    const c = client();
    const answer = await c.login('ivanova.es', 'Мама-2026', 3802, (f) => {
      for (const [from, to] of [
        ['loginType', 'LoginType'],
        ['un', 'UN'],
        ['pw', 'PW'],
      ]) {
        f[to!] = f[from!]!;
        delete f[from!];
      }
    });
    expect(answer.status).toBe(200);
    expect((await c.call('GET', 'context/students')).body).toEqual([{ id: 734002, name: 'Максим Иванов' }]);
  });

  it('uses only role keys of the recorded vocabulary (nm17 docs/responses/references/roles.json): a deputy head is Principal', async () => {
    const keys = fixture.recorded.roles.map((r) => r.key);
    expect(keys).toEqual(expect.arrayContaining(['Admin', 'Principal', 'Teacher', 'Student', 'Parent']));
    const c = client();
    expect((await c.login('kravtsova.op', 'Zavuch-3802', 3802)).status).toBe(200);
    expect((await c.call('GET', 'context')).body.roles).toEqual(['Principal']);
  });

  it('refuses a reused lt: each getdata challenge is good for one login', async () => {
    const c = client();
    const first = await c.login('isupova.nyu', 'Информатика-2026', 3801);
    expect(first.status).toBe(200);
    expect((await c.call('POST', 'login', first.form)).status).toBe(409);
  });

  it('wants PW cut to the password length, not the whole pw2', async () => {
    const { status, body } = await client().login(
      'isupova.nyu',
      'Информатика-2026',
      3801,
      (f) => (f.pw = f.pw2!),
    );
    expect({ status, body }).toEqual({
      status: 409,
      body: { message: 'Неправильный пароль или имя пользователя' },
    });
  });

  it('answers a wrong password with HTTP 409 «Неправильный пароль или имя пользователя»', async () => {
    expect(await client().login('smirnov.id', 'Илья-2025', 3801)).toMatchObject({
      status: 409,
      body: { message: 'Неправильный пароль или имя пользователя' },
    });
  });

  it('says a school is not found when the scid is unknown or a cascade level sent with it disagrees', async () => {
    expect((await client().login('isupova.nyu', 'Информатика-2026', 9999)).body.message).toMatch(
      /^Образовательная организация не найдена/,
    );
    const disagreeing = await client().login('isupova.nyu', 'Информатика-2026', 3801, (f) => (f.cn = '1012'));
    expect(disagreeing.body.message).toMatch(/^Образовательная организация не найдена/);
  });

  it('tells a locked account so only after the right password', async () => {
    expect((await client().login('belova.av', 'wrong', 3801)).body.message).toBe(
      'Неправильный пароль или имя пользователя',
    );
    expect((await client().login('belova.av', 'Belova-2026', 3801)).body.message).toMatch(/заблокирована/);
  });

  it('after three wrong passwords refuses every attempt for a minute, counting the seconds down', async () => {
    for (let i = 0; i < 3; i++) await client().login('nikolaev.es', 'nope', 3801);
    expect((await client().login('nikolaev.es', 'Egor-2026', 3801)).body.message).toBe(
      'Следующая попытка может быть совершена не ранее чем через 60 секунд',
    );
    clock.advance(45_000);
    expect((await client().login('nikolaev.es', 'Egor-2026', 3801)).body.message).toMatch(/через 15 секунд$/);
    clock.advance(15_000);
    expect((await client().login('nikolaev.es', 'Egor-2026', 3801)).status).toBe(200);
  });
});

describe('a host that signs in through Госуслуги only', () => {
  it('says so in logindata, hands out no salt in getdata, and refuses a password login', async () => {
    const c = new PublicClient(esiaOnly.url);
    expect((await c.call('GET', 'logindata')).body).toMatchObject({ schoolLogin: false, esiaMainAuth: true });
    const meta = (await c.call('POST', 'auth/getdata')).body;
    expect(meta).toEqual({ lt: expect.any(String), ver: expect.any(String) });
    const answer = await c.call('POST', 'login', loginForm(meta, 'isupova.nyu', 'Информатика-2026', 3801));
    expect(answer).toMatchObject({ status: 409, body: { message: expect.stringMatching(/Госуслуг/) } });
  });
});

describe('the diary-API extension the vendor deploys (docs/diary-api.openapi.json)', () => {
  // The demo key of config/demo-vendor-credentials.json, which the emulator accepts by default.
  const KEY = { keyId: 'demo-setevoy-38', secret: 'I--0ztYccWu-6BuUxYkK_OvOdLs8onAAd6Hwd3FzHmk' };
  /** A request signed as the API document says: five lines, HMAC-SHA256, base64url. */
  async function signed(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const target = `/elg/v1${path}`;
    const text = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const nonce = randomBytes(18).toString('base64url');
    const canonical = [
      method,
      target,
      timestamp,
      nonce,
      createHash('sha256').update(text).digest('hex'),
    ].join('\n');
    const res = await fetch(emulator.url + target, {
      method,
      headers: {
        'X-ELG-Key-Id': KEY.keyId,
        'X-ELG-Timestamp': timestamp,
        'X-ELG-Nonce': nonce,
        'X-ELG-Signature': createHmac('sha256', KEY.secret).update(canonical).digest('base64url'),
        ...(text ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: text || undefined,
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  it('refuses an unsigned request in the error model', async () => {
    const res = await fetch(`${emulator.url}/elg/v1/users/734002`);
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 401,
      body: { error: { code: 'headers_missing', message: expect.any(String) } },
    });
  });

  it("answers an account with the school's SNILS as typed (typo kept), memberships in the API's roles, children", async () => {
    expect((await signed('GET', '/users/734007')).body).toMatchObject({
      userId: '734007',
      snils: '136-478-952 00',
      roles: ['parent'],
    });
    expect(
      (await signed('GET', '/users/734011/memberships')).body.items.map(
        (m: Json) => `${m.organization.id}:${m.role}`,
      ),
    ).toEqual(['3801:teacher', '3801:staff']);
    expect((await signed('GET', '/users/734007/children')).body.items).toEqual([
      expect.objectContaining({ userId: null, firstName: 'Кирилл', birthDate: '2015-04-03' }),
    ]);
    expect((await signed('GET', '/users/734010')).body.birthDate).toBeNull();
  });

  it('a pupil record without a login is not an account: 404 user_not_found', async () => {
    expect(await signed('GET', '/users/734020')).toMatchObject({
      status: 404,
      body: { error: { code: 'user_not_found' } },
    });
  });

  it('takes link notices idempotently; a removal of an older link leaves the newer one', async () => {
    const notice = (event: string, linkId: string) =>
      signed(
        'POST',
        '/link-notices',
        { event, linkId, userId: '734004', at: clock.now().toISOString() },
        { 'Idempotency-Key': `${event}:${linkId}` },
      );
    expect((await notice('created', 'new-link')).body).toEqual({ outcome: 'recorded' });
    expect((await notice('created', 'new-link')).body).toEqual({ outcome: 'already_recorded' });
    expect((await notice('removed', 'old-link')).body).toEqual({ outcome: 'superseded' });
    expect(emulator.linkOf('734004')).toBe('new-link');
    expect((await notice('removed', 'new-link')).body).toEqual({ outcome: 'recorded' });
    expect(emulator.linkOf('734004')).toBeNull();
  });
});
