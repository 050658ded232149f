import { startCopHmaoEmulator, type CopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';
import { copExtension } from './cop-hmao-extension.client';

/**
 * The extension the platform deploys for what ЭлЖур lacks: the published diary API (docs/diary-api.openapi.json)
 * under /elg/v1, over real HTTP, with the platform's pupil files behind it (SNILS in whatever spelling the school
 * typed) and its own numbered queue of access requests.
 */
describe('ЦОП ХМАО-Югры emulator: the diary-API extension', () => {
  let cop: CopHmaoEmulator;
  const api = () => copExtension(cop.url);

  beforeAll(async () => {
    cop = await startCopHmaoEmulator({ port: 0 });
  });
  afterAll(() => cop.close());

  it('refuses an unsigned request in the error model', async () => {
    const res = await fetch(`${cop.url}/elg/v1/users/1860000000000000102`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'headers_missing', message: expect.any(String) } });
  });

  it('declares what it offers: no password checks and no link notices (GET /capabilities)', async () => {
    expect((await api().get('/capabilities')).body).toEqual({
      apiVersion: '1.0',
      abilities: {
        passwordLogin: false,
        organizationSearch: true,
        snilsMatch: true,
        children: true,
        accessRequests: true,
        linkNotifications: false,
      },
    });
  });

  it('answers a profile in the diary API words, the pupil file’s SNILS written canonically', async () => {
    expect(await api().get('/users/1860000000000000102')).toEqual({
      status: 200,
      body: {
        userId: '1860000000000000102',
        lastName: 'Иванов',
        firstName: 'Максим',
        middleName: 'Андреевич',
        birthDate: '2011-03-10',
        snils: '145-926-378 94',
        roles: ['student'],
        locked: false,
      },
    });
    expect(await api().get('/users/1860000000000009999')).toEqual({
      status: 404,
      body: { error: { code: 'user_not_found', message: expect.any(String) } },
    });
  });

  it('keeps a record without a birth date as null, and tells a blocked account', async () => {
    expect((await api().get('/users/1860000000000000201')).body['birthDate']).toBeNull();
    expect((await api().get('/users/1860000000000000202')).body['locked']).toBe(true);
  });

  it('lists a teacher who is also a parent in two organizations with both roles', async () => {
    const { body } = await api().get('/users/1860000000000000108/memberships');
    const pairs = body.items.map((m) => [(m['organization'] as { name: string }).name, m['role']]);
    expect(pairs.sort()).toEqual([
      ['МБОУ «Гимназия № 74»', 'parent'],
      ['МБОУ «СОШ № 110»', 'teacher'],
    ]);
  });

  it("lists a representative's children from the pupil files of two schools", async () => {
    const { body } = await api().get('/users/1860000000000000101/children');
    const rows = body.items.map((c) => [c['firstName'], (c['organization'] as { name: string }).name]);
    expect(rows.sort()).toEqual([
      ['Максим', 'МБОУ «Гимназия № 74»'],
      ['София', 'МБОУ «СОШ № 110»'],
    ]);
  });

  it('finds the representative records of both schools, typed «112-233-445 95» and «112 233 445 95», as one profile', async () => {
    const { body } = await api().post('/school-records/search', { snils: '112-233-445 95' });
    expect(body.items).toEqual([
      {
        userId: '1860000000000000101',
        birthDate: '1984-05-17',
        memberships: [
          expect.objectContaining({
            role: 'parent',
            organization: expect.objectContaining({ id: '8603010074' }),
          }),
          expect.objectContaining({
            role: 'parent',
            organization: expect.objectContaining({ id: '8603010110' }),
          }),
        ],
      },
    ]);
  });

  it('does not match a parent whose SNILS the school typed wrong, but finds the typo; refuses a SNILS not written canonically', async () => {
    expect((await api().post('/school-records/search', { snils: '136-478-925 00' })).body.items).toEqual([]);
    expect((await api().post('/school-records/search', { snils: '136-478-952 00' })).body.items).toHaveLength(
      1,
    );
    expect((await api().post('/school-records/search', { snils: '13647892500' })).status).toBe(400);
  });

  it('answers the cascade level by level, with no «Населённый пункт»', async () => {
    const towns = (await api().get('/organizations?level=municipality')).body.items.map((o) => o['name']);
    expect(towns.sort()).toEqual(['г. Сургут', 'г. Ханты-Мансийск']);
    expect((await api().get('/organizations?level=settlement')).body.items).toEqual([]);
    const inKhm = await api().get(
      `/organizations?level=organization&municipality=${encodeURIComponent('г. Ханты-Мансийск')}`,
    );
    expect(inKhm.body.items).toEqual([{ id: '8601010003', name: 'МБОУ «СОШ № 3»' }]);
    const byText = await api().get(`/organizations?level=organization&q=${encodeURIComponent('гимназия')}`);
    expect(byText.body.items.map((o) => o['id'])).toEqual(['8603010074']);
  });

  it('queues an access request once per Idempotency-Key, numbered by the platform, and answers its status', async () => {
    const request = {
      requestId: 'gw-req-1',
      organizationId: '8603010074',
      role: 'parent',
      reason: 'data_mismatch',
      message: 'СНИЛС в школе записан с ошибкой',
      contact: '+7(913)1000006',
      personName: 'Петров Алексей Константинович',
    };
    const first = await api().post('/access-requests', request);
    const again = await api().post('/access-requests', request);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(first.body).toEqual({
      id: expect.stringMatching(/^ЗД-86-\d{6}$/),
      status: 'open',
      resolution: null,
      userId: null,
    });
    expect(again.body['id']).toBe(first.body['id']);
    const status = await api().get(`/access-requests/${encodeURIComponent(String(first.body['id']))}`);
    expect(status.body).toEqual(first.body);
    expect((await api().get('/access-requests/nope')).body).toEqual({
      error: { code: 'request_not_found', message: expect.any(String) },
    });
  });

  it('refuses an access request for an unknown organization (422) or with a wrong reason (400)', async () => {
    const base = { role: null, message: '', contact: '', personName: 'X' };
    const unknownOrg = await api().post('/access-requests', {
      ...base,
      requestId: 'gw-req-2',
      organizationId: '0000',
      reason: 'profile_missing',
    });
    expect([unknownOrg.status, unknownOrg.body]).toEqual([
      422,
      { error: { code: 'organization_unknown', message: expect.any(String) } },
    ]);
    const badReason = await api().post('/access-requests', {
      ...base,
      requestId: 'gw-req-3',
      organizationId: null,
      reason: 'because',
    });
    expect([badReason.status, (badReason.body['error'] as { code: string }).code]).toEqual([
      400,
      'invalid_request',
    ]);
  });

  it('answers an operation it does not have with not_found in the error model (no link notices here)', async () => {
    const { status, body } = await api().post('/link-notices', { event: 'created' });
    expect([status, body]).toEqual([404, { error: { code: 'not_found', message: expect.any(String) } }]);
  });

  it('when set down, drops connections without an answer, and answers again when set up', async () => {
    cop.setDown(true);
    await expect(api().get('/users/1860000000000000102')).rejects.toThrow();
    cop.setDown(false);
    expect((await api().get('/users/1860000000000000102')).status).toBe(200);
  });
});
