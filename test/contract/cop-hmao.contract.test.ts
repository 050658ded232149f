import pino from 'pino';
import { VendorUnavailableError } from '../../adapters/contract';
import { copHmao } from '../../adapters/cop-hmao';
import { startCopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';
import { loadCopRecords } from '../../emulators/cop-hmao/cop-records.fixture';
import { systemClock } from '../../src/core/clock';
import { describeDiaryAdapterContract } from './diary-adapter.contract';

/** The ЦОП ХМАО-Югры adapter against its emulator, with people from emulators/fixtures/cop-hmao.json. */
describeDiaryAdapterContract('cop-hmao', copHmao.capabilities, async () => {
  const records = loadCopRecords();
  const file = (studentLastName: string, firstName: string) =>
    records.studentFiles.find(
      (f) => f.student.lastName === studentLastName && f.student.firstName === firstName,
    )!;
  const maksim = file('Иванов', 'Максим');
  const ilya = file('Захаров', 'Илья');
  const elena = maksim.representatives[0]!;
  const emulator = await startCopHmaoEmulator({ port: 0, records });
  const adapter = copHmao.create(copHmao.configSchema.parse({}), {
    instanceId: 'cop-86',
    baseUrl: emulator.url,
    secret: records.apiKeys[0],
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    timeoutMs: 2000,
  });
  return {
    adapter,
    fixtures: {
      student: {
        userId: maksim.student.userId,
        birthDate: maksim.student.birthDate!,
        organizationId: maksim.organizationId,
      },
      parent: { userId: elena.userId, childFirstNames: ['Максим', 'София'] },
      withoutBirthDate: { userId: ilya.student.userId },
      lockedUserId: records.blockedAccounts[0]!.userId,
      // The spelling the school typed in the other file («112 233 445 95»): matching must not depend on it.
      snilsOnRecord: { snils: '11223344595', userId: elena.userId },
      // Гарипова: each of her two organizations registered her separately.
      snilsWithSeveralProfiles: {
        snils: '176-543-218 84',
        userIds: records.employees.filter((e) => e.lastName === 'Гарипова').map((e) => e.userId),
      },
      organizationSearch: {
        query: {
          level: 'organization',
          chosen: { municipality: 'г. Сургут', type: 'Общеобразовательная организация' },
        },
        expectName: 'МБОУ «Гимназия № 74»',
      },
    },
    setVendorDown: async (down) => emulator.setDown(down),
    close: () => emulator.close(),
  };
});

/** What this adapter does beyond the shared suite: the ЦОП cases the gateway's sign-in relies on. */
describe('cop-hmao adapter: matching school records', () => {
  let emulator: Awaited<ReturnType<typeof startCopHmaoEmulator>>;
  let adapter: ReturnType<typeof copHmao.create>;
  const deps = (baseUrl: string, secret: string | undefined) => ({
    instanceId: 'cop-86',
    baseUrl,
    secret,
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    timeoutMs: 2000,
  });
  beforeAll(async () => {
    emulator = await startCopHmaoEmulator({ port: 0 });
    adapter = copHmao.create(copHmao.configSchema.parse({}), deps(emulator.url, undefined));
  });
  afterAll(() => emulator.close());

  it('finds a parent of two schools as one profile with a parent membership in each', async () => {
    const [match, ...rest] = await adapter.findBySnils('112-233-445 95');
    expect(rest).toEqual([]);
    expect(match!.userId).toBe('1860000000000000101');
    expect(match!.birthDate).toBe('1984-05-17');
    expect(match!.memberships.map((m) => [m.organization.name, m.role]).sort()).toEqual([
      ['МБОУ «Гимназия № 74»', 'parent'],
      ['МБОУ «СОШ № 110»', 'parent'],
    ]);
  });

  it('finds a teacher who is also a parent with both roles (the gateway then shows the chooser)', async () => {
    const [match] = await adapter.findBySnils('15837264192');
    expect(match!.memberships.map((m) => `${m.organization.id}:${m.role}`).sort()).toEqual([
      '8603010074:parent',
      '8603010110:teacher',
    ]);
    expect([...(await adapter.getProfile('1860000000000000108'))!.roles].sort()).toEqual([
      'parent',
      'teacher',
    ]);
  });

  it('finds nothing for the correct SNILS of a parent whose record holds a typo, nor for a malformed one', async () => {
    expect(await adapter.findBySnils('136-478-925 00')).toEqual([]);
    expect(await adapter.findBySnils('not a snils')).toEqual([]);
  });

  it('reads a blocked account as locked and normalises its SNILS', async () => {
    expect(await adapter.getProfile('1860000000000000202')).toMatchObject({
      locked: true,
      snils: '128-465-937 94',
    });
  });

  it('treats a refused API key as an outage, never as "no such user"', async () => {
    const wrong = copHmao.create(copHmao.configSchema.parse({}), deps(emulator.url, 'not-the-key'));
    await expect(wrong.getProfile('1860000000000000102')).rejects.toBeInstanceOf(VendorUnavailableError);
  });

  it('answers a repeated access request with the same id (the outbox delivers at least once)', async () => {
    const request = {
      requestId: 'gw-1',
      organizationId: null,
      role: null,
      reason: 'organization_missing' as const,
      message: 'МБОУ «СОШ № 5», г. Нягань',
      contact: '+7(913)1000007',
      personName: 'Каримов Рустам Шухратович',
    };
    expect(await adapter.submitAccessRequest(request)).toEqual(await adapter.submitAccessRequest(request));
  });

  it('refuses a request the platform will not take (a message over its limit) as invalid_request', async () => {
    const request = {
      requestId: 'gw-2',
      organizationId: '8603010110',
      role: 'parent' as const,
      reason: 'profile_missing' as const,
      message: 'я'.repeat(2001),
      contact: '+7(913)1000007',
      personName: 'Каримов Рустам Шухратович',
    };
    expect(await adapter.submitAccessRequest(request)).toEqual({ ok: false, reason: 'invalid_request' });
  });

  it('reports a resolve with the staff note and the profile the person can now sign in to', async () => {
    const submitted = await adapter.submitAccessRequest({
      requestId: 'gw-3',
      organizationId: '8603010110',
      role: 'parent',
      reason: 'profile_missing',
      message: 'Нет СНИЛС, гражданин Узбекистана',
      contact: '+7(913)1000007',
      personName: 'Каримов Рустам Шухратович',
    });
    if (!submitted.ok) throw new Error(`refused: ${submitted.reason}`);
    await resolveAsStaff(emulator.url, submitted.externalId, '110-2023-0227/rep/0');
    expect(await adapter.getAccessRequestStatus(submitted.externalId)).toEqual({
      status: 'resolved',
      resolution: expect.any(String),
      userId: '1860000000000000107',
    });
  });
});

/** Resolves a request the way a school's staff member does: the staff login and the queue's form. */
async function resolveAsStaff(url: string, externalId: string, target: string): Promise<void> {
  const login = await fetch(`${url}/staff/login`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ login: 'sosh110', password: 'Staff110-2026' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const queue = await (await fetch(`${url}/staff/requests`, { headers: { Cookie: cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(queue)![1]!;
  const resolved = await fetch(`${url}/staff/requests/${encodeURIComponent(externalId)}/resolve`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie },
    body: new URLSearchParams({ csrf, action: 'resolve', target, snils: '' }),
  });
  if (resolved.status !== 303) throw new Error(`staff resolve answered HTTP ${resolved.status}`);
}
