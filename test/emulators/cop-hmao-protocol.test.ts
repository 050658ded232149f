import { startCopHmaoEmulator, type CopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';

/*
 * ЭлЖур's own API as the ЦОП emulator serves it, spoken the way ЭлЖур's public clients speak it, not the way our
 * adapter does. Sources (read in the repositories, nothing copied):
 * - BetterJournal/EljurAPI, branch open-api: src/open-api/DefaultRequestParams.ts (devkey, vendor, out_format),
 *   AuthorizedRequestParams.ts (auth_token), SuccessResponse.ts / FailedResponse.ts (the envelope, and the
 *   example refusal «не удалось авторизовать разработчика» with state 400), src/open-api-index.ts (servers
 *   api.eljur.ru/apiv3 and /api; getrules; getprofileuserinfo with `student`, which must be related);
 *   src/personal/UserRules.ts, RelationsModel.ts, UserProfileRecordModel.ts (the fields read below);
 * - samplec0de/eljur-bot: CachedTelegramEljur.py `auth` (a form POST of login, password, vendor, devkey,
 *   out_format=json; `result.token` and `result.expires`), eljurbot.py `user_send_password` (any status but 200
 *   is a wrong login), eljur.py (GET `<api>/<method>` with auth_token, vendor, out_format, devkey in the query;
 *   `getrules` is the profile; `response.state` other than 200 is a failure).
 * The demo devkey, vendors and logins are this emulator's fixture (emulators/fixtures/cop-hmao.json).
 */
describe('ЦОП ХМАО-Югры emulator: ЭлЖур apiv3 as its public clients call it', () => {
  const DEVKEY = '3c9e1a8f2d4b6e7a9c0d1f2e3a4b5c6d';
  let cop: CopHmaoEmulator;
  beforeAll(async () => {
    cop = await startCopHmaoEmulator({ port: 0 });
  });
  afterAll(() => cop.close());

  type Envelope = { response: { state: number; error: string | null; result: Record<string, unknown> } };
  /** samplec0de/eljur-bot CachedTelegramEljur.py: `post(<api>/auth, data={login, password, vendor, devkey, out_format})`. */
  const auth = async (
    login: string,
    password: string,
    vendor = 'gim74-surgut',
    devkey = DEVKEY,
    api = 'apiv3',
  ) => {
    const res = await fetch(`${cop.url}/${api}/auth`, {
      method: 'POST',
      body: new URLSearchParams({ login, password, vendor, devkey, out_format: 'json' }),
    });
    return { status: res.status, body: (await res.json()) as Envelope };
  };
  /** samplec0de/eljur-bot eljur.py: `get(<api>/<method>, params={auth_token, vendor, out_format, devkey})`. */
  const call = async (method: string, params: Record<string, string>, api = 'apiv3') => {
    const query = new URLSearchParams({ devkey: DEVKEY, out_format: 'json', ...params });
    const res = await fetch(`${cop.url}/${api}/${method}?${query}`);
    return { status: res.status, body: (await res.json()) as Envelope };
  };
  const tokenOf = async (login: string, password: string, vendor = 'gim74-surgut') =>
    String((await auth(login, password, vendor)).body.response.result['token']);

  it('auth answers a token and its expiry in the envelope (state 200, error null)', async () => {
    const { status, body } = await auth('ivanova.es', 'Cop86-Ivanova1');
    expect(status).toBe(200);
    expect(body.response).toMatchObject({ state: 200, error: null });
    expect(body.response.result['token']).toEqual(expect.any(String));
    // BetterJournal/EljurAPI src/personal/UserVendors.ts: expiry written YYYY-MM-DD hh:mm:ss.
    expect(body.response.result['expires']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('refuses a wrong password with a status other than 200 and an empty result', async () => {
    const { status, body } = await auth('ivanova.es', 'wrong');
    expect(status).not.toBe(200);
    expect(body.response.state).toBe(status);
    expect(body.response.error).toEqual(expect.any(String));
    expect(body.response.result).toEqual({});
  });

  it('refuses an unknown developer key as FailedResponse.ts shows: state 400, «не удалось авторизовать разработчика»', async () => {
    const { status, body } = await auth(
      'ivanova.es',
      'Cop86-Ivanova1',
      'gim74-surgut',
      'c4ca4238a0b923820dcc509a6f75849b',
    );
    expect(status).toBe(400);
    expect(body).toEqual({
      response: { state: 400, error: 'не удалось авторизовать разработчика', result: {} },
    });
  });

  it('answers the same methods under the older api/ path (samplec0de/eljur-bot uses it)', async () => {
    expect((await auth('ivanova.es', 'Cop86-Ivanova1', 'gim74-surgut', DEVKEY, 'api')).status).toBe(200);
  });

  it('getrules is the signed-in user: id, names, roles and the children in relations.students', async () => {
    const token = await tokenOf('ivanova.es', 'Cop86-Ivanova1');
    const { body } = await call('getrules', { auth_token: token, vendor: 'gim74-surgut' });
    const rules = body.response.result;
    expect(rules).toMatchObject({
      id: '1860000000000000101',
      lastname: 'Иванова',
      firstname: 'Елена',
      middlename: 'Сергеевна',
      title: 'Иванова Елена Сергеевна',
      roles: ['parent'],
      vendor: 'gim74-surgut',
      vuid: '86074#1860000000000000101',
    });
    const relations = rules['relations'] as {
      students: Record<string, Record<string, unknown>>;
      schools: unknown[];
    };
    // At this school (vendor) she has one child; her daughter is at another vendor.
    expect(Object.keys(relations.students)).toEqual(['1860000000000000102']);
    expect(relations.students['1860000000000000102']).toMatchObject({
      firstname: 'Максим',
      lastname: 'Иванов',
      class: '9 «А»',
      parallel: 9,
    });
    expect(relations.schools).toEqual([expect.objectContaining({ title: 'МБОУ «Гимназия № 74»' })]);
  });

  it('getprofileuserinfo gives a related pupil with snils, and refuses a pupil without a relation', async () => {
    const token = await tokenOf('ivanova.es', 'Cop86-Ivanova1');
    const child = await call('getprofileuserinfo', {
      auth_token: token,
      vendor: 'gim74-surgut',
      student: '1860000000000000102',
    });
    expect(child.body.response.result['profileUserInfo']).toMatchObject({
      username: 'Иванов Максим Андреевич',
      snils: '145-926-378 94',
      schoolName: 'МБОУ «Гимназия № 74»',
    });
    const stranger = await call('getprofileuserinfo', {
      auth_token: token,
      vendor: 'gim74-surgut',
      student: '1860000000000000111',
    });
    expect(stranger.body.response.state).not.toBe(200);
    expect(stranger.body.response.result).toEqual({});
  });

  it('a token works only with the vendor it was issued at, and a call without one is refused', async () => {
    const token = await tokenOf('ivanova.es', 'Cop86-Ivanova1');
    expect(
      (await call('getrules', { auth_token: token, vendor: 'sosh110-surgut' })).body.response.state,
    ).not.toBe(200);
    const anonymous = await call('getrules', { vendor: 'gim74-surgut' });
    expect(anonymous.body.response.state).not.toBe(200);
    expect(anonymous.body.response.error).toEqual(expect.any(String));
  });

  it('getusersvendors redeems a v_token for one token per school profile, outside the envelope; a bad v_token is 400 with result false', async () => {
    // BetterJournal/EljurAPI open-api src/open-api-index.ts (GetUsersVendors) and src/personal/UserVendors.ts;
    // BetterJournal/EljurAuthUtil esia_auth_service.dart `_fetchUsersVendors` (out_format, v_token, auth_token=true).
    const redeem = async (vToken: string) => {
      const query = new URLSearchParams({ out_format: 'json', v_token: vToken, auth_token: 'true' });
      const res = await fetch(`${cop.url}/apiv3/getusersvendors?${query}`);
      return {
        status: res.status,
        body: (await res.json()) as { result: Array<Record<string, string>> | false; error?: string },
      };
    };
    const garipova = await redeem(await cop.vTokenFor('1860000000000000114'));
    expect(garipova.status).toBe(200);
    const entries = garipova.body.result as Array<Record<string, string>>;
    // Гарипова has a profile in each of her two organizations: the chooser lists both.
    expect(entries.map((e) => [e['vendor'], e['vendor_id'], e['vendor_title']]).sort()).toEqual([
      ['sosh3-hm', '86003', 'МБОУ «СОШ № 3»'],
      ['spk-surgut', '86201', 'БУ «Сургутский политехнический колледж»'],
    ]);
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual([
        'expires',
        'login',
        'token',
        'user_title',
        'vendor',
        'vendor_id',
        'vendor_title',
      ]);
      const rules = await call('getrules', { auth_token: e['token']!, vendor: e['vendor']! });
      expect(rules.body.response.state).toBe(200);
    }
    expect(await redeem('not.a.jwt')).toEqual({
      status: 400,
      body: { error: expect.any(String), result: false },
    });
  });

  it('a login signs in only at a vendor where the person has a record; a blocked account is refused', async () => {
    expect((await auth('ivanov.ma', 'Cop86-Ivanov1', 'sosh110-surgut')).status).not.toBe(200);
    expect((await auth('ivanov.ma', 'Cop86-Ivanov1', 'gim74-surgut')).status).toBe(200);
    expect((await auth('orlova.kd', 'Cop86-Orlova1', 'gim74-surgut')).body.response.state).not.toBe(200);
  });
});
