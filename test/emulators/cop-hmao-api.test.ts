import { startCopHmaoEmulator, type CopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';

/** An item of a list answer, read loosely. */
type Item = Record<string, string> & { organization: Record<string, string> };

/** The ЦОП ХМАО-Югры emulator's integration API over real HTTP: its key, its quirks, its queue. */
describe('ЦОП ХМАО-Югры emulator: integration API', () => {
  const KEY = 'cop-86-demo-api-key';
  let cop: CopHmaoEmulator;
  const api = (path: string, init: RequestInit = {}, key: string | null = KEY) =>
    fetch(`${cop.url}/api/integration/v1${path}`, {
      ...init,
      headers: { ...(key ? { 'X-Api-Key': key } : {}), 'Content-Type': 'application/json', ...init.headers },
    });
  const json = async (path: string, init?: RequestInit) => {
    const res = await api(path, init);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { items: Item[] } };
  };

  beforeAll(async () => {
    cop = await startCopHmaoEmulator({ port: 0 });
  });
  afterAll(() => cop.close());

  it('refuses a request without the API key or with a wrong one', async () => {
    expect((await api('/profiles/1860000000000000102', {}, null)).status).toBe(401);
    expect((await api('/profiles/1860000000000000102', {}, 'wrong-key-123')).status).toBe(401);
  });

  it('answers a profile the platform way: 64-bit id as a string, dd.MM.yyyy date, bare SNILS digits, role codes', async () => {
    const { status, body } = await json('/profiles/1860000000000000102');
    expect(status).toBe(200);
    expect(body).toEqual({
      id: '1860000000000000102',
      lastName: 'Иванов',
      firstName: 'Максим',
      middleName: 'Андреевич',
      birthDate: '10.03.2011',
      snils: '14592637894',
      roles: ['STUDENT'],
      blocked: false,
    });
    expect((await api('/profiles/1860000000000009999')).status).toBe(404);
  });

  it('keeps a record without a birth date as null, and tells a blocked account', async () => {
    expect((await json('/profiles/1860000000000000201')).body.birthDate).toBeNull();
    expect((await json('/profiles/1860000000000000202')).body.blocked).toBe(true);
  });

  it('lists a teacher who is also a parent in two organizations with both roles', async () => {
    const { body } = await json('/profiles/1860000000000000108/memberships');
    expect(body.items.map((m) => [m.organization.shortName, m.role]).sort()).toEqual([
      ['МБОУ «Гимназия № 74»', 'LEGAL_REPRESENTATIVE'],
      ['МБОУ «СОШ № 110»', 'TEACHER'],
    ]);
  });

  it("lists a representative's children from the pupil files of two schools", async () => {
    const { body } = await json('/profiles/1860000000000000101/children');
    expect(body.items.map((c) => [c.firstName, c.organization.shortName, c.birthDate]).sort()).toEqual([
      ['Максим', 'МБОУ «Гимназия № 74»', '10.03.2011'],
      ['София', 'МБОУ «СОШ № 110»', '30.08.2013'],
    ]);
  });

  it.each(['112-233-445 95', '11223344595', '112 233 445 95', '112-233-44595'])(
    'finds the representative records of both schools by SNILS spelt %s',
    async (snils) => {
      const { status, body } = await json(`/records?snils=${encodeURIComponent(snils)}`);
      expect(status).toBe(200);
      expect(body.items.map((r) => [r.userId, r.recordType, r.organization.id]).sort()).toEqual([
        ['1860000000000000101', 'representative', '8603010074'],
        ['1860000000000000101', 'representative', '8603010110'],
      ]);
    },
  );

  it('does not match a parent whose SNILS the school typed wrong, but finds the typo; refuses a malformed SNILS', async () => {
    expect((await json('/records?snils=136-478-925%2000')).body.items).toEqual([]);
    expect((await json('/records?snils=136-478-952%2000')).body.items).toHaveLength(1);
    expect((await api('/records?snils=12345')).status).toBe(400);
  });

  it('filters organizations by municipality, type and text', async () => {
    const { body } = await json(`/organizations?municipality=${encodeURIComponent('г. Ханты-Мансийск')}`);
    expect(body.items.map((o) => o.shortName)).toEqual(['МБОУ «СОШ № 3»']);
    const byText = await json(`/organizations?q=${encodeURIComponent('гимназия')}`);
    expect(byText.body.items.map((o) => o.id)).toEqual(['8603010074']);
  });

  it('queues an access request once per gateway request id and answers its status', async () => {
    const request = {
      requestId: 'gw-req-1',
      organizationId: '8603010074',
      role: 'parent',
      reason: 'data_mismatch',
      message: 'СНИЛС в школе записан с ошибкой',
      contact: '+7(913)1000006',
      personName: 'Петров Алексей Константинович',
    };
    const first = await json('/access-requests', { method: 'POST', body: JSON.stringify(request) });
    const again = await json('/access-requests', { method: 'POST', body: JSON.stringify(request) });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    const status = await json(`/access-requests/${encodeURIComponent(String(first.body.id))}`);
    expect(status.body).toMatchObject({ status: 'NEW', requestId: 'gw-req-1', userId: null });
  });

  it('refuses an access request for an unknown organization or with a wrong reason', async () => {
    const base = { requestId: 'gw-req-2', role: null, message: '', contact: '', personName: 'X' };
    const unknownOrg = { ...base, organizationId: '0000', reason: 'profile_missing' };
    const badReason = { ...base, organizationId: null, reason: 'because' };
    expect((await api('/access-requests', { method: 'POST', body: JSON.stringify(unknownOrg) })).status).toBe(
      422,
    );
    expect((await api('/access-requests', { method: 'POST', body: JSON.stringify(badReason) })).status).toBe(
      400,
    );
  });

  it('when set down, drops connections without an answer, and answers again when set up', async () => {
    cop.setDown(true);
    await expect(api('/profiles/1860000000000000102')).rejects.toThrow();
    cop.setDown(false);
    expect((await api('/profiles/1860000000000000102')).status).toBe(200);
  });
});
