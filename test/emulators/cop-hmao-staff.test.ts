import { startCopHmaoEmulator, type CopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';
import { copExtension } from './cop-hmao-extension.client';

/** Flow D on the platform's side: a school's staff member resolves the queue, and a retried match works. */
describe('ЦОП ХМАО-Югры emulator: the staff queue of access requests', () => {
  let cop: CopHmaoEmulator;

  beforeEach(async () => {
    cop = await startCopHmaoEmulator({ port: 0 });
  });
  afterEach(() => cop.close());

  // The queue and the records as the gateway reads them: the extension's signed diary API.
  const submit = async (request: Record<string, unknown>) => {
    const body = { role: 'parent', message: '', contact: '+7(913)1000006', ...request };
    return String((await copExtension(cop.url).post('/access-requests', body)).body['id']);
  };
  const apiGet = async (path: string) => (await copExtension(cop.url).get(path)).body;
  const bySnils = async (snils: string) =>
    (await copExtension(cop.url).post('/school-records/search', { snils })).body.items;
  const staffLogin = async (login: string, password: string) => {
    const res = await fetch(`${cop.url}/staff/login`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ login, password }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { res, cookie };
  };
  const page = (path: string, cookie: string) =>
    fetch(`${cop.url}${path}`, { redirect: 'manual', headers: { Cookie: cookie } });
  const csrfOf = async (cookie: string) =>
    /name="csrf" value="([^"]+)"/.exec(await (await page('/staff/requests', cookie)).text())![1]!;
  const resolve = async (cookie: string, id: string, form: Record<string, string>) =>
    fetch(`${cop.url}/staff/requests/${encodeURIComponent(id)}/resolve`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie },
      body: new URLSearchParams({ csrf: await csrfOf(cookie), action: 'resolve', ...form }),
    });

  it('refuses a wrong staff password and keeps the queue behind the login', async () => {
    expect((await staffLogin('gym74', 'wrong')).res.status).toBe(401);
    const res = await page('/staff/requests', '');
    expect([res.status, res.headers.get('location')]).toEqual([303, '/staff/login']);
  });

  it("lists a request only in its organization's queue (and the municipality's)", async () => {
    await submit({
      requestId: 'r1',
      organizationId: '8603010074',
      reason: 'data_mismatch',
      personName: 'Петров Алексей Константинович',
    });
    const gym = await staffLogin('gym74', 'Staff74-2026');
    const school110 = await staffLogin('sosh110', 'Staff110-2026');
    const uo = await staffLogin('surgut-uo', 'Surgut-2026');
    expect(await (await page('/staff/requests', gym.cookie)).text()).toContain(
      'Петров Алексей Константинович',
    );
    expect(await (await page('/staff/requests', school110.cookie)).text()).not.toContain('Петров Алексей');
    expect(await (await page('/staff/requests', uo.cookie)).text()).toContain(
      'Петров Алексей Константинович',
    );
  });

  it('corrects the mistyped SNILS in the pupil file, so that matching by SNILS then finds the parent', async () => {
    const id = await submit({
      requestId: 'r2',
      organizationId: '8603010074',
      reason: 'data_mismatch',
      personName: 'Петров Алексей Константинович',
    });
    expect(await bySnils('136-478-925 00')).toEqual([]);
    const { cookie } = await staffLogin('gym74', 'Staff74-2026');
    const form = await (await page(`/staff/requests/${encodeURIComponent(id)}`, cookie)).text();
    expect(form).toContain('Законный представитель: Петров Алексей Константинович');
    expect(form).toContain('136-478-952 00 (контрольное число не сходится)');

    const typo = await resolve(cookie, id, { target: '74-2022-0403/rep/0', snils: '136-478-952 00' });
    expect(typo.status).toBe(400);
    expect(await typo.text()).toContain('контрольное число не сходится');

    const done = await resolve(cookie, id, { target: '74-2022-0403/rep/0', snils: '136 478 925 00' });
    expect(done.status).toBe(303);
    expect(await apiGet(`/access-requests/${encodeURIComponent(id)}`)).toMatchObject({
      status: 'resolved',
      userId: '1860000000000000106',
    });
    expect(await bySnils('136-478-925 00')).toEqual([
      expect.objectContaining({
        userId: '1860000000000000106',
        memberships: [expect.objectContaining({ role: 'parent' })],
      }),
    ]);
  });

  it('creates the profile of a representative missing from the pupil file', async () => {
    const id = await submit({
      requestId: 'r3',
      organizationId: '8603010074',
      reason: 'profile_missing',
      personName: 'Иванов Андрей Петрович',
    });
    const { cookie } = await staffLogin('gym74', 'Staff74-2026');
    expect((await resolve(cookie, id, { target: 'new:74-2019-0311', snils: '176-239-485 01' })).status).toBe(
      303,
    );
    const status = await apiGet(`/access-requests/${encodeURIComponent(id)}`);
    expect(status).toMatchObject({ status: 'resolved', userId: expect.stringMatching(/^\d{19}$/) });
    expect((await apiGet(`/users/${String(status.userId)}`)).lastName).toBe('Иванов');
    expect((await apiGet(`/users/${String(status.userId)}/children`)).items.map((c) => c.firstName)).toEqual([
      'Максим',
    ]);
    expect((await bySnils('176-239-485 01'))[0]!.userId).toBe(status.userId);
  });

  it('binds a foreign parent without SNILS to his record: the status names the profile for the gateway', async () => {
    const id = await submit({
      requestId: 'r4',
      organizationId: '8603010110',
      reason: 'profile_missing',
      personName: 'Каримов Рустам Шухратович',
    });
    const { cookie } = await staffLogin('sosh110', 'Staff110-2026');
    expect((await resolve(cookie, id, { target: '110-2023-0227/rep/0', snils: '' })).status).toBe(303);
    expect(await apiGet(`/access-requests/${encodeURIComponent(id)}`)).toMatchObject({
      status: 'resolved',
      userId: '1860000000000000107',
    });
  });

  it('refuses a form without its CSRF token, and a record of another organization', async () => {
    const id = await submit({
      requestId: 'r5',
      organizationId: '8603010074',
      reason: 'data_mismatch',
      personName: 'Петров Алексей Константинович',
    });
    const { cookie } = await staffLogin('gym74', 'Staff74-2026');
    const forged = await fetch(`${cop.url}/staff/requests/${encodeURIComponent(id)}/resolve`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie },
      body: new URLSearchParams({ action: 'resolve', target: '74-2022-0403/rep/0', snils: '13647892500' }),
    });
    expect(forged.status).toBe(403);
    expect((await resolve(cookie, id, { target: '110-2023-0227/rep/0' })).status).toBe(400);
    expect((await apiGet(`/access-requests/${encodeURIComponent(id)}`)).status).toBe('open');
  });

  it('rejects a request with the reason the requester reads', async () => {
    const id = await submit({
      requestId: 'r6',
      organizationId: '8603010074',
      reason: 'profile_missing',
      personName: 'Сидоров Пётр',
    });
    const { cookie } = await staffLogin('gym74', 'Staff74-2026');
    const res = await resolve(cookie, id, { action: 'reject', comment: 'Ребёнок не обучается в гимназии.' });
    expect(res.status).toBe(303);
    expect(await apiGet(`/access-requests/${encodeURIComponent(id)}`)).toMatchObject({
      status: 'rejected',
      resolution: 'Заявка отклонена. Ребёнок не обучается в гимназии.',
    });
  });
});
