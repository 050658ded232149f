import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { VendorUnavailableError } from '../../adapters/contract';
import { copHmao } from '../../adapters/cop-hmao';
import { startCopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';
import { loadCopRecords } from '../../emulators/cop-hmao/cop-records.fixture';
import { systemClock } from '../../src/core/clock';
import { describeDiaryAdapterContract, describeNoSilentFailure } from './diary-adapter.contract';

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
    secret: records.extensionKeys[0]!.secret,
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

/** The adapter's deps for cop-86 against `baseUrl`; `secret` undefined signs with the demo key. */
const copDeps = (baseUrl: string, secret?: string) => ({
  instanceId: 'cop-86',
  baseUrl,
  secret,
  logger: pino({ level: 'silent' }),
  clock: systemClock,
  timeoutMs: 2000,
});

/** What this adapter does beyond the shared suite: the ЦОП cases the gateway's sign-in relies on. */
describe('cop-hmao adapter: matching school records', () => {
  let emulator: Awaited<ReturnType<typeof startCopHmaoEmulator>>;
  let adapter: ReturnType<typeof copHmao.create>;
  beforeAll(async () => {
    emulator = await startCopHmaoEmulator({ port: 0 });
    adapter = copHmao.create(copHmao.configSchema.parse({}), copDeps(emulator.url));
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

  it('treats a refused extension key as a configuration fault, never as "no such user"', async () => {
    const wrong = copHmao.create(copHmao.configSchema.parse({}), copDeps(emulator.url, 'not-the-key'));
    const refused = wrong.getProfile('1860000000000000102');
    await expect(refused).rejects.toBeInstanceOf(VendorUnavailableError);
    await expect(refused).rejects.toMatchObject({ fault: 'configuration' });
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

/** ЭлЖур's own API where an instance keeps passwords: `auth`, then `getrules` for the account's id. */
describe('cop-hmao adapter: the password check through ЭлЖур apiv3 (an instance with passwordLogin)', () => {
  let emulator: Awaited<ReturnType<typeof startCopHmaoEmulator>>;
  const make = (settings: Record<string, unknown>) =>
    copHmao.create(copHmao.configSchema.parse(settings), copDeps(emulator.url));
  beforeAll(async () => {
    emulator = await startCopHmaoEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  it('is off for ЦОП ХМАО-Югры (Госуслуги only) and on only where the settings say so, with a vendor', () => {
    expect(copHmao.capabilitiesOf(copHmao.configSchema.parse({})).passwordLogin).toBe(false);
    expect(copHmao.configSchema.safeParse({ passwordLogin: true }).success).toBe(false);
    expect(make({ passwordLogin: true, vendor: 'gim74-surgut' }).capabilities.passwordLogin).toBe(true);
  });

  it('names the account of a right password, and refuses a wrong one as a result', async () => {
    const adapter = make({ passwordLogin: true, vendor: 'gim74-surgut' });
    expect(await adapter.verifyPassword({ login: 'ivanova.es', password: 'Cop86-Ivanova1' })).toEqual({
      ok: true,
      userId: '1860000000000000101',
    });
    expect(await adapter.verifyPassword({ login: 'ivanova.es', password: 'wrong' })).toEqual({
      ok: false,
      reason: 'bad_credentials',
    });
  });

  it('reads a developer key ЭлЖур refuses as the instance misconfigured, never as a wrong password', async () => {
    const adapter = make({ passwordLogin: true, vendor: 'gim74-surgut', devkey: 'not-the-devkey-000' });
    const refused = adapter.verifyPassword({ login: 'ivanova.es', password: 'Cop86-Ivanova1' });
    await expect(refused).rejects.toBeInstanceOf(VendorUnavailableError);
    await expect(refused).rejects.toMatchObject({ fault: 'configuration' });
  });

  it('probes apiv3 with a harmless getrules, and the extension by its capabilities', async () => {
    const probe = await make({ passwordLogin: true, vendor: 'gim74-surgut' }).probeRoutes!();
    expect(probe.routes.every((r) => r.present)).toBe(true);
    expect(probe.routes.map((r) => r.route)).toEqual(
      expect.arrayContaining([
        'ЭлЖур POST /apiv3/auth',
        'ЭлЖур GET /apiv3/getrules',
        'extension GET /users/{userId}',
      ]),
    );
  });
});

/**
 * Issue 22 item 3: a server without the routes the adapter needs (here a tiny HTTP server of this test that
 * answers 404 to everything, as a web server in front of the wrong host does) is a configuration fault. Before,
 * getProfile answered null and the list methods [], so every person read as "no such account".
 */
describe('cop-hmao adapter: a server without its routes is a configuration fault, never "nobody"', () => {
  let server: Server;
  let adapter: ReturnType<typeof copHmao.create>;
  beforeAll(async () => {
    server = createServer(
      (_req, res) => void res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>404</h1>'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    adapter = copHmao.create(
      copHmao.configSchema.parse({ passwordLogin: true, vendor: 'gim74-surgut' }),
      copDeps(`http://127.0.0.1:${port}`),
    );
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const configurationFault = async (call: Promise<unknown>) => {
    await expect(call).rejects.toBeInstanceOf(VendorUnavailableError);
    await expect(call).rejects.toMatchObject({ fault: 'configuration' });
  };

  it('getProfile, memberships, children, SNILS search, cascade and request status throw, never null or []', async () => {
    await configurationFault(adapter.getProfile('1860000000000000102'));
    await configurationFault(adapter.listMemberships('1860000000000000102'));
    await configurationFault(adapter.listChildren('1860000000000000101'));
    await configurationFault(adapter.findBySnils('112-233-445 95'));
    await configurationFault(adapter.searchOrganizations({ level: 'municipality', chosen: {} }));
    await configurationFault(adapter.getAccessRequestStatus('ЗД-86-000001'));
  });

  it('an access request is not taken, and a password check is not "wrong password"', async () => {
    await configurationFault(
      adapter.submitAccessRequest({
        requestId: 'gw-404',
        organizationId: null,
        role: null,
        reason: 'profile_missing',
        message: '',
        contact: '',
        personName: 'Каримов Рустам Шухратович',
      }),
    );
    await configurationFault(adapter.verifyPassword({ login: 'ivanova.es', password: 'Cop86-Ivanova1' }));
  });

  it('probeRoutes names every route missing', async () => {
    const probe = await adapter.probeRoutes!();
    expect(probe.routes.length).toBeGreaterThan(5);
    expect(probe.routes.filter((r) => r.present)).toEqual([]);
  });

  it('probeRoutes throws an outage when nothing answers at all', async () => {
    const { port } = server.address() as AddressInfo;
    const gone = copHmao.create(copHmao.configSchema.parse({}), copDeps(`http://127.0.0.1:${port}`));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(gone.probeRoutes!()).rejects.toMatchObject({ fault: 'outage' });
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
});

/** The shared item-3 suite: cop-86 as configured (ESIA only), against a server without any of its routes. */
describeNoSilentFailure('cop-hmao', copHmao.capabilities, (baseUrl) =>
  copHmao.create(copHmao.configSchema.parse({}), copDeps(baseUrl)),
);
