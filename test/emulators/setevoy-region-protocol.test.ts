import { createHash } from 'node:crypto';
import { VendorUnavailableError } from '../../adapters/contract';
import { setevoyRegion } from '../../adapters/setevoy-region';
import { passwordProof as adapterProof } from '../../adapters/setevoy-region/setevoy-password';
import { FixedClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import { passwordProof as emulatorProof } from '../../emulators/setevoy-region/password.hash';
import {
  startSetevoyRegionEmulator,
  type SetevoyEmulator,
} from '../../emulators/setevoy-region/setevoy-emulator.server';

const clock = new FixedClock(new Date('2026-11-22T03:00:00Z'));
const TOKEN = 'protocol-test-token';
let emulator: SetevoyEmulator;
beforeAll(async () => {
  emulator = await startSetevoyRegionEmulator({ clock, integrationToken: TOKEN });
});
afterAll(() => emulator.close());

// Loosely typed on purpose: the tests read the emulator's answers as a client would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(emulator.url + path, { headers });
  return { status: res.status, body: (await res.json()) as Json };
};
const post = async (path: string, form?: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await fetch(emulator.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: form ? new URLSearchParams(form).toString() : '',
  });
  return { status: res.status, body: (await res.json()) as Json };
};
/** Большеокинская СОШ's cascade, as the sign-in form would post it. */
const BOLSHAYA_OKA = { cid: '2', sid: '38', pid: '101', cn: '1011', sft: '2', scid: '3801' };

async function login(
  UN: string,
  password: string,
  cascade = BOLSHAYA_OKA,
  tamper?: (f: Record<string, string>) => void,
) {
  const { body: challenge } = await post('/webapi/auth/getdata');
  const { pw2, PW } = emulatorProof(challenge.salt, password);
  const form: Record<string, string> = {
    LoginType: '1',
    ...cascade,
    UN,
    PW,
    pw2,
    lt: challenge.lt,
    ver: challenge.ver,
  };
  tamper?.(form);
  return { ...(await post('/webapi/login', form)), form };
}

describe('password hashing (windows-1251, salted md5)', () => {
  // Written out by hand from the windows-1251 table, not by either implementation: Ё=A8 л=EB к=EA а=E0.
  const ELKA = Buffer.concat([
    Buffer.from([0xa8, 0xeb, 0xea, 0xe0]),
    Buffer.from('-2026', 'ascii'),
    Buffer.from([0xb9]),
  ]);
  const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');
  const expected = md5('4815162342' + md5(ELKA));

  it('emulator and adapter both give pw2 = md5(salt + md5(cp1251 password)) and PW = pw2 cut to its length', () => {
    for (const proof of [emulatorProof, adapterProof]) {
      expect(proof('4815162342', 'Ёлка-2026№')).toEqual({ pw2: expected, PW: expected.slice(0, 10) });
    }
  });

  it('hashes a character outside windows-1251 as "?", the way a browser form sends it', () => {
    const question = md5('1' + md5(Buffer.from('a?b', 'latin1')));
    expect(adapterProof('1', 'a😀b').pw2).toBe(question);
    expect(emulatorProof('1', 'a😀b').pw2).toBe(question);
  });
});

describe('the sign-in cascade', () => {
  it('prepareloginform chooses the region and lists the municipalities; a new municipality clears the settlement', async () => {
    const { body } = await get('/webapi/prepareloginform?pid=102&cn=1011');
    expect(body).toMatchObject({ cid: 2, sid: 38, pid: 102, cn: null, scid: null });
    expect(body.states).toEqual([{ id: 38, name: 'Иркутская область' }]);
    expect(body.provinces.map((p: { name: string }) => p.name)).toEqual([
      'Братский район',
      'г. Иркутск',
      'г. Братск',
    ]);
    expect(body.cities.map((c: { name: string }) => c.name)).toEqual(['Все', 'Иркутск']);
  });

  it('loginform answers the level named by LASTNAME, given the levels above', async () => {
    const q = 'cid=2&sid=38&pid=101';
    expect((await get(`/webapi/loginform?${q}&LASTNAME=cn`)).body.items).toContainEqual({
      id: 1011,
      name: 'с. Большая Ока',
    });
    expect(
      (await get(`/webapi/loginform?${q}&cn=-1&LASTNAME=sft`)).body.items.map(
        (i: { name: string }) => i.name,
      ),
    ).toEqual(['Общеобразовательная', 'Дополнительного образования']);
    expect((await get(`/webapi/loginform?${q}&cn=1011&sft=2&LASTNAME=scid`)).body.items).toEqual([
      { id: 3801, name: 'МКОУ «Большеокинская СОШ»' },
    ]);
    expect((await get(`/webapi/loginform?cid=2&sid=38&LASTNAME=scid`)).body.items).toEqual([]);
  });

  it('addresses/schools gives a school with its whole cascade (how a client that knows only the school fills in the rest)', async () => {
    const { body } = await get('/webapi/addresses/schools?id=3801');
    expect(body).toEqual([
      expect.objectContaining({
        id: 3801,
        countryId: 2,
        stateId: 38,
        municipalityDistrictId: 101,
        cityId: 1011,
        funcType: 2,
      }),
    ]);
  });
});

describe('the password protocol', () => {
  it('lets a Cyrillic password in and answers an `at` that opens mysettings (birth date) and context (roles)', async () => {
    const { status, body } = await login('isupova.nyu', 'Информатика-2026');
    expect(status).toBe(200);
    expect(body.accountInfo.user.id).toBe(734011);
    const at = { at: body.at as string };
    expect((await get('/webapi/mysettings', at)).body).toMatchObject({
      birthDate: '1979-04-12T00:00:00',
      snils: '16348295793',
    });
    expect((await get('/webapi/context', at)).body.roles).toEqual(['Teacher', 'Administrator']);
    await post('/webapi/auth/logout', undefined, at);
    expect((await get('/webapi/mysettings', at)).status).toBe(401);
  });

  it('refuses a reused lt: each getdata challenge is good for one login', async () => {
    const first = await login('isupova.nyu', 'Информатика-2026');
    expect(first.status).toBe(200);
    const again = await post('/webapi/login', first.form);
    expect(again.status).toBe(409);
  });

  it('wants PW cut to the password length, not the whole pw2', async () => {
    const { status, body } = await login(
      'isupova.nyu',
      'Информатика-2026',
      BOLSHAYA_OKA,
      (f) => (f.PW = f.pw2!),
    );
    expect(status).toBe(409);
    expect(body.message).toBe('Неправильный пароль или имя пользователя');
  });

  it('answers a wrong password with HTTP 409 «Неправильный пароль или имя пользователя»', async () => {
    expect(await login('smirnov.id', 'Илья-2025')).toMatchObject({
      status: 409,
      body: { message: 'Неправильный пароль или имя пользователя' },
    });
  });

  it('says a school the cascade does not agree with is not found', async () => {
    const { status, body } = await login('isupova.nyu', 'Информатика-2026', { ...BOLSHAYA_OKA, cn: '1012' });
    expect(status).toBe(409);
    expect(body.message).toMatch(/^Образовательная организация не найдена/);
  });

  it('tells a locked account so only after the right password', async () => {
    expect((await login('belova.av', 'wrong')).body.message).toBe('Неправильный пароль или имя пользователя');
    expect((await login('belova.av', 'Belova-2026')).body.message).toMatch(/заблокирована/);
  });

  it('after three wrong passwords refuses every attempt for a minute, counting the seconds down', async () => {
    for (let i = 0; i < 3; i++) await login('nikolaev.es', 'nope');
    expect((await login('nikolaev.es', 'Egor-2026')).body.message).toBe(
      'Следующая попытка может быть совершена не ранее чем через 60 секунд',
    );
    clock.advance(45_000);
    expect((await login('nikolaev.es', 'Egor-2026')).body.message).toMatch(/через 15 секунд$/);
    clock.advance(15_000);
    expect((await login('nikolaev.es', 'Egor-2026')).status).toBe(200);
  });
});

describe('the integration API and the adapter reading it', () => {
  const adapter = () =>
    setevoyRegion.create(setevoyRegion.configSchema.parse({}), {
      instanceId: 'setevoy-38',
      baseUrl: emulator.url,
      secret: TOKEN,
      logger: createLogger({ level: 'silent' }),
      clock,
      timeoutMs: 2000,
    });

  it('wants the service credential: none or a wrong one is 401, which the adapter reports as broken', async () => {
    expect((await get('/webapi/integration/users/734002/mysettings')).status).toBe(401);
    expect(
      (await get('/webapi/integration/users/734002/mysettings', { Authorization: 'Bearer x' })).status,
    ).toBe(401);
    const wrong = setevoyRegion.create(setevoyRegion.configSchema.parse({}), {
      instanceId: 'setevoy-38',
      baseUrl: emulator.url,
      secret: 'not-the-token',
      logger: createLogger({ level: 'silent' }),
      clock,
      timeoutMs: 2000,
    });
    await expect(wrong.getProfile('734002')).rejects.toBeInstanceOf(VendorUnavailableError);
  });

  it('writes an unknown birth date as DateTime.MinValue, which the adapter reads as null', async () => {
    const { body } = await get('/webapi/integration/users/734010/mysettings', {
      Authorization: `Bearer ${TOKEN}`,
    });
    expect(body.birthDate).toBe('0001-01-01T00:00:00');
    expect((await adapter().getProfile('734010'))!.birthDate).toBeNull();
  });

  it("keeps the school's SNILS typo and the adapter normalises the spelling", async () => {
    expect((await adapter().getProfile('734007'))!.snils).toBe('136-478-952 00');
  });

  it('maps a teacher-parent to teacher and parent memberships in two schools, and lists a child without a login', async () => {
    const memberships = await adapter().listMemberships('734005');
    expect(memberships.map((m) => `${m.organization.id}:${m.role}`).sort()).toEqual([
      '3802:parent',
      '3803:teacher',
    ]);
    expect(await adapter().listChildren('734007')).toEqual([
      expect.objectContaining({ userId: null, firstName: 'Кирилл', birthDate: '2015-04-03' }),
    ]);
  });

  it('a pupil record without a login is not an account', async () => {
    expect(await adapter().getProfile('734020')).toBeNull();
  });

  it('an unlink naming an older link leaves the newer one in place', async () => {
    const a = adapter();
    await a.markLinked({ linkId: 'new-link', userId: '734004', at: clock.now() });
    await a.unlink({ linkId: 'old-link', userId: '734004', at: clock.now() });
    const auth = { Authorization: `Bearer ${TOKEN}` };
    expect((await get('/webapi/integration/users/734004/mysettings', auth)).body.esiaLinked).toBe(true);
    await a.unlink({ linkId: 'new-link', userId: '734004', at: clock.now() });
    expect((await get('/webapi/integration/users/734004/mysettings', auth)).body.esiaLinked).toBe(false);
  });

  it('the adapter turns the wait message into rate_limited with the seconds to wait', async () => {
    const a = adapter();
    const bad = { login: 'ivanova.sa', password: 'x', organizationId: '3803' };
    for (let i = 0; i < 3; i++)
      expect(await a.verifyPassword(bad)).toMatchObject({ reason: 'bad_credentials' });
    expect(await a.verifyPassword({ ...bad, password: 'Соня-2013' })).toEqual({
      ok: false,
      reason: 'rate_limited',
      retryAfterSeconds: 60,
    });
  });

  it('the adapter refuses an unknown school or none as organization_not_found', async () => {
    expect(
      await adapter().verifyPassword({ login: 'ivanov.ma', password: 'Maxim-2011', organizationId: '9999' }),
    ).toEqual({
      ok: false,
      reason: 'organization_not_found',
    });
    expect(await adapter().verifyPassword({ login: 'ivanov.ma', password: 'Maxim-2011' })).toMatchObject({
      reason: 'organization_not_found',
    });
  });

  it('the adapter searches the type and school levels under a chosen municipality, filtering by text', async () => {
    const a = adapter();
    expect(await a.searchOrganizations({ level: 'type', chosen: { municipality: '102' } })).toEqual([
      { id: '1', name: 'Дошкольная образовательная' },
      { id: '2', name: 'Общеобразовательная' },
    ]);
    expect(
      await a.searchOrganizations({
        level: 'organization',
        chosen: { municipality: '102', type: '2' },
        text: 'гимназия',
      }),
    ).toEqual([{ id: '3802', name: 'МАОУ «Гимназия № 74» г. Иркутска' }]);
  });

  it('the adapter answers «Населённый пункт» (with «Все») and narrows the types below a chosen settlement', async () => {
    const a = adapter();
    expect(await a.searchOrganizations({ level: 'settlement', chosen: { municipality: '101' } })).toEqual([
      { id: '-1', name: 'Все' },
      { id: '1011', name: 'с. Большая Ока' },
      { id: '1012', name: 'п. Тангуй' },
    ]);
    expect(
      await a.searchOrganizations({ level: 'type', chosen: { municipality: '101', settlement: '1012' } }),
    ).toEqual([{ id: '3', name: 'Дополнительного образования' }]);
    expect(await a.searchOrganizations({ level: 'settlement', chosen: {} })).toEqual([]);
  });
});
