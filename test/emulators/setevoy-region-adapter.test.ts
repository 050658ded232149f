import { createHash } from 'node:crypto';
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VendorUnavailableError, type DiaryAdapter } from '../../adapters/contract';
import { setevoyRegion } from '../../adapters/setevoy-region';
import { refusalOf } from '../../adapters/setevoy-region/setevoy-login';
import { passwordProof } from '../../adapters/setevoy-region/setevoy-password';
import { FixedClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import {
  startSetevoyRegionEmulator,
  type SetevoyEmulator,
} from '../../emulators/setevoy-region/setevoy-emulator.server';

/*
 * The «Сетевой Регион» adapter against its emulator (real HTTP), and against a server without the routes it
 * needs (issue 22 item 3): a tiny express app in this test that answers 404 to everything, the stand-in for an
 * instance pointed at the wrong server. Nothing may read as "no such account" there.
 */

const clock = new FixedClock(new Date('2026-11-22T03:00:00Z'));
let emulator: SetevoyEmulator;
let esiaOnly: SetevoyEmulator;
let missing: { url: string; server: Server };

/** A server that has none of the routes: every request 404, with or without a JSON body (`json`). */
async function startRouteless(): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use((req, res) => {
    if (req.query['json'] !== undefined || req.path.startsWith('/elg/'))
      return void res.status(404).json({ message: 'Пользователь не найден' });
    res.status(404).type('text').send('Not Found');
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const adapterAt = (baseUrl: string): DiaryAdapter =>
  setevoyRegion.create(setevoyRegion.configSchema.parse({}), {
    instanceId: 'setevoy-38',
    baseUrl,
    secret: undefined,
    logger: createLogger({ level: 'silent' }),
    clock,
    timeoutMs: 2000,
  });

beforeAll(async () => {
  [emulator, esiaOnly, missing] = await Promise.all([
    startSetevoyRegionEmulator({ clock }),
    startSetevoyRegionEmulator({ clock, passwordLoginDisabled: true }),
    startRouteless(),
  ]);
});
afterAll(async () => {
  await Promise.all([emulator.close(), esiaOnly.close()]);
  missing.server.closeAllConnections();
  await new Promise((resolve) => missing.server.close(resolve));
});

describe('the adapter speaks the vendor protocol', () => {
  it('hashes in windows-1251 with iconv-lite: the whole code page, by hand-written bytes', () => {
    const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');
    // Ё=A8 л=EB к=EA а=E0 №=B9 « =AB » =BB — =97 € =88
    const bytes = Buffer.from([0xa8, 0xeb, 0xea, 0xe0, 0xb9, 0xab, 0xbb, 0x97, 0x88]);
    const pw2 = md5('4815162342' + md5(bytes));
    expect(passwordProof('4815162342', 'Ёлка№«»—€')).toEqual({ pw2, PW: pw2.slice(0, 9) });
  });

  it('walks the cascade with LASTNAME = the level above the one it wants', async () => {
    const a = adapterAt(emulator.url);
    expect(await a.searchOrganizations({ level: 'municipality', chosen: {} })).toEqual([
      { id: '101', name: 'Братский район' },
      { id: '102', name: 'г. Иркутск' },
      { id: '103', name: 'г. Братск' },
    ]);
    expect(await a.searchOrganizations({ level: 'settlement', chosen: { municipality: '101' } })).toEqual([
      { id: '-1', name: 'Все' },
      { id: '1011', name: 'с. Большая Ока' },
      { id: '1012', name: 'п. Тангуй' },
    ]);
    expect(
      await a.searchOrganizations({ level: 'type', chosen: { municipality: '101', settlement: '1012' } }),
    ).toEqual([{ id: '3', name: 'Дополнительное образование детей' }]);
    expect(await a.searchOrganizations({ level: 'type', chosen: { municipality: '102' } })).toEqual([
      { id: '1', name: 'Дошкольное образование' },
      { id: '2', name: 'Общеобразовательная' },
    ]);
    expect(
      await a.searchOrganizations({
        level: 'organization',
        chosen: { municipality: '102', type: '2' },
        text: 'гимназия',
      }),
    ).toEqual([{ id: '3802', name: 'МАОУ «Гимназия № 74» г. Иркутска' }]);
    expect(await a.searchOrganizations({ level: 'settlement', chosen: {} })).toEqual([]);
  });

  it('checks a password in one session (logindata, getdata, login with scid alone): the emulator refuses any other', async () => {
    const deputyHead = { login: 'kravtsova.op', password: 'Zavuch-3802', organizationId: '3802' };
    expect(await adapterAt(emulator.url).verifyPassword(deputyHead)).toEqual({ ok: true, userId: '734013' });
  });

  it('reads a getdata without a salt (a host that signs in through Госуслуги only) as password_login_disabled', async () => {
    const teacher = { login: 'isupova.nyu', password: 'Информатика-2026', organizationId: '3801' };
    expect(await adapterAt(esiaOnly.url).verifyPassword(teacher)).toEqual({
      ok: false,
      reason: 'password_login_disabled',
    });
  });

  it('reads the login refusals by their text; an unknown text is the vendor answering nonsense, not a refusal', () => {
    expect(refusalOf('Вход по логину и паролю отключен. Войдите через Госуслуги')).toEqual({
      ok: false,
      reason: 'password_login_disabled',
    });
    expect(refusalOf('Неправильный пароль или имя пользователя')).toEqual({
      ok: false,
      reason: 'bad_credentials',
    });
    expect(() => refusalOf('Что-то пошло не так')).toThrow(VendorUnavailableError);
  });

  it('turns the wait message into rate_limited with the seconds to wait', async () => {
    const a = adapterAt(emulator.url);
    const bad = { login: 'ivanova.sa', password: 'x', organizationId: '3803' };
    for (let i = 0; i < 3; i++)
      expect(await a.verifyPassword(bad)).toMatchObject({ reason: 'bad_credentials' });
    expect(await a.verifyPassword({ ...bad, password: 'Соня-2013' })).toEqual({
      ok: false,
      reason: 'rate_limited',
      retryAfterSeconds: 60,
    });
  });

  it('refuses an unknown school or none as organization_not_found', async () => {
    const a = adapterAt(emulator.url);
    expect(
      await a.verifyPassword({ login: 'ivanov.ma', password: 'Maxim-2011', organizationId: '9999' }),
    ).toEqual({ ok: false, reason: 'organization_not_found' });
    expect(await a.verifyPassword({ login: 'ivanov.ma', password: 'Maxim-2011' })).toMatchObject({
      reason: 'organization_not_found',
    });
  });

  it('reads accounts through the extension: Admin and Principal are staff, the SNILS typo kept, a pupil record is no account', async () => {
    const a = adapterAt(emulator.url);
    expect((await a.getProfile('734011'))!.roles).toEqual(['teacher', 'staff']);
    expect((await a.getProfile('734013'))!.roles).toEqual(['staff']);
    expect((await a.getProfile('734007'))!.snils).toBe('136-478-952 00');
    expect((await a.getProfile('734010'))!.birthDate).toBeNull();
    expect(await a.getProfile('734020')).toBeNull();
    expect(await a.getProfile('not-a-number')).toBeNull();
    expect((await a.listMemberships('734005')).map((m) => `${m.organization.id}:${m.role}`).sort()).toEqual([
      '3802:parent',
      '3803:teacher',
    ]);
  });

  it('finds every route it calls on the emulator', async () => {
    const probe = await adapterAt(emulator.url).probeRoutes!();
    expect(probe.routes.filter((r) => !r.present)).toEqual([]);
    expect(probe.routes.map((r) => r.route)).toEqual([
      'GET /webapi/logindata',
      'GET /webapi/loginform',
      'POST /webapi/auth/getdata',
      'POST /webapi/login',
      'POST /webapi/auth/logout',
      'extension GET /capabilities',
      'extension GET /users/{userId}',
      'extension GET /users/{userId}/memberships',
      'extension GET /users/{userId}/children',
      'extension POST /link-notices',
    ]);
  });
});

describe('a server without the routes (issue 22 item 3): a configuration fault, never "no such account"', () => {
  const notice = { linkId: 'link-1', userId: '734002', at: new Date('2026-11-22T03:00:00Z') };
  const configurationFault = expect.objectContaining({ fault: 'configuration', vendor: 'setevoy-region' });

  it('getProfile, listMemberships and listChildren throw, not null or []', async () => {
    const a = adapterAt(missing.url);
    await expect(a.getProfile('734002')).rejects.toEqual(configurationFault);
    await expect(a.listMemberships('734002')).rejects.toEqual(configurationFault);
    await expect(a.listChildren('734001')).rejects.toEqual(configurationFault);
  });

  it("markLinked and unlink throw even on a JSON 404 «Пользователь не найден», never 'gone'", async () => {
    const a = adapterAt(missing.url);
    await expect(a.markLinked(notice)).rejects.toBeInstanceOf(VendorUnavailableError);
    await expect(a.markLinked(notice)).rejects.toEqual(configurationFault);
    await expect(a.unlink(notice)).rejects.toEqual(configurationFault);
  });

  it('the password check and the cascade throw a configuration fault, not a refusal', async () => {
    const a = adapterAt(missing.url);
    await expect(
      a.verifyPassword({ login: 'ivanov.ma', password: 'Maxim-2011', organizationId: '3802' }),
    ).rejects.toEqual(configurationFault);
    await expect(a.searchOrganizations({ level: 'municipality', chosen: {} })).rejects.toEqual(
      configurationFault,
    );
  });

  it('probeRoutes names every route as missing, and an unreachable server as an outage', async () => {
    const probe = await adapterAt(missing.url).probeRoutes!();
    expect(probe.routes).toHaveLength(10);
    expect(probe.routes.filter((r) => r.present)).toEqual([]);
    const down = await startSetevoyRegionEmulator({ clock });
    const url = down.url;
    await down.close();
    await expect(adapterAt(url).probeRoutes!()).rejects.toEqual(
      expect.objectContaining({ fault: 'outage', vendor: 'setevoy-region' }),
    );
  });
});
