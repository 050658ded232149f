import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VendorUnavailableError, type AdapterDeps, type DiaryAdapter } from '../../adapters/contract';
import { dnevnik } from '../../adapters/dnevnik';
import { DNEVNIK_DEMO_CREDENTIAL } from '../../adapters/dnevnik/dnevnik.config';
import { isoBirthDate } from '../../adapters/dnevnik/dnevnik.payloads';
import { createDiaryAdapter } from '../../adapters/registry';
import { FixedClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { loadDnevnikData, type DnevnikPerson } from '../../emulators/dnevnik/dnevnik.fixture';
import { describeDiaryAdapterContract, type DiaryContractSubject } from './diary-adapter.contract';

/** The fixture people the suite needs, found in emulators/fixtures/dnevnik.json by what they are. */
function fixtures() {
  const people = loadDnevnikData().people;
  const find = (what: string, test: (p: DnevnikPerson) => boolean) => {
    const found = people.find(test);
    if (!found) throw new Error(`dnevnik.json has no ${what}`);
    return found;
  };
  const student = find('student-15', (p) => p.personaId === 'student-15');
  const parent = find('parent-two-schools', (p) => p.personaId === 'parent-two-schools');
  const locked = find('locked account', (p) => p.blocked);
  const noBirthDate = find('record without birth date', (p) => p.birthDate === null && p.userId !== null);
  // Used by no other case of the suite: the guessing locks this login out.
  const guessed = find('student-turning-14', (p) => p.personaId === 'student-turning-14');
  return {
    validCredentials: { login: student.login!, password: student.password!, userId: student.userId! },
    wrongPassword: { login: student.login!, password: 'not-the-password' },
    lockedCredentials: { login: locked.login!, password: locked.password! },
    lockedUserId: locked.userId!,
    rateLimited: { credentials: { login: guessed.login!, password: guessed.password! }, guesses: 5 },
    student: {
      userId: student.userId!,
      birthDate: student.birthDate!,
      organizationId: student.memberships[0]!.school,
    },
    parent: {
      userId: parent.userId!,
      childFirstNames: parent.childPersonIds.map((id) => people.find((p) => p.personId === id)!.firstName),
    },
    withoutBirthDate: { userId: noBirthDate.userId! },
  };
}

/** What the gateway gives the adapter; `secret: undefined` stands for an unset credential variable. */
function deps(baseUrl: string, secret?: string): AdapterDeps {
  return {
    instanceId: 'dnevnik-test',
    baseUrl,
    secret,
    logger: createLogger({ level: 'silent' }),
    clock: new FixedClock(new Date()),
    timeoutMs: 2000,
  };
}

const settings = (values: Record<string, unknown> = {}) => dnevnik.configSchema.parse(values);

async function makeSubject(): Promise<DiaryContractSubject> {
  const emulator = await startDnevnikEmulator({ port: 0 });
  const adapter = dnevnik.create(settings(), deps(emulator.url));
  return {
    adapter,
    fixtures: fixtures(),
    setVendorDown: (down) => emulator.setDown(down),
    readLinkState: async (userId) => {
      const mark = emulator.esiaLink(userId);
      return { linked: mark !== null, linkId: mark?.linkId ?? null };
    },
    close: () => emulator.close(),
  };
}

describeDiaryAdapterContract('dnevnik', dnevnik.capabilities, makeSubject);

/** A server that answers every request 404 with no body of the vendor's: an instance pointed at the wrong host. */
async function startEmptyServer(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const app = express();
  app.use((req, res) => {
    seen.push(`${req.method} ${req.path}`);
    res.status(404).type('text').send('Not Found');
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('dnevnik adapter: what only Дневник.ру does', () => {
  const TEACHER = '1000000000000000108';
  let emulator: DnevnikEmulator;
  let adapter: DiaryAdapter;

  beforeAll(async () => {
    emulator = await startDnevnikEmulator({ port: 0 });
    adapter = dnevnik.create(settings(), deps(emulator.url));
  });
  afterAll(() => emulator.close());

  it('checks a password with the application credentials and takes the exact 64-bit id from users/me', async () => {
    // The id is above 2^53: the bare userId of the credentials would have been rounded to another account.
    expect(await adapter.verifyPassword({ login: 'sokolova.marina', password: 'Dnevnik-Sokolova1' })).toEqual(
      {
        ok: true,
        userId: TEACHER,
      },
    );
    expect(Number(TEACHER).toString()).not.toBe(TEACHER);
  });

  it('treats a refused application (clientId/clientSecret) as a configuration fault, never as a wrong password', async () => {
    const wrongClient = dnevnik.create(
      settings(),
      deps(emulator.url, JSON.stringify({ clientSecret: 'not-ours', extensionSecret: 'x'.repeat(40) })),
    );
    const failure = await wrongClient
      .verifyPassword({ login: 'sokolova.marina', password: 'Dnevnik-Sokolova1' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VendorUnavailableError);
    expect((failure as VendorUnavailableError).fault).toBe('configuration');
  });

  it('treats a refused extension signature as a configuration fault, never as an unknown account', async () => {
    const wrongKey = dnevnik.create(
      settings(),
      deps(
        emulator.url,
        JSON.stringify({
          clientSecret: 'dnevnik-demo-client-secret-0000000000',
          extensionSecret: 'y'.repeat(40),
        }),
      ),
    );
    const failure = await wrongKey.getProfile(TEACHER).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VendorUnavailableError);
    expect((failure as VendorUnavailableError).fault).toBe('configuration');
  });

  it('maps EduStaff with a teaching position to teacher and a school administrator to staff (the extension)', async () => {
    const teacher = await adapter.getProfile(TEACHER);
    expect([...teacher!.roles].sort()).toEqual(['parent', 'teacher']);
    expect(await adapter.listMemberships(TEACHER)).toEqual([
      { organization: expect.objectContaining({ name: 'МБОУ «СОШ № 110»' }), role: 'teacher' },
      { organization: expect.objectContaining({ name: 'МБОУ «Гимназия № 74»' }), role: 'parent' },
    ]);
    expect(await adapter.getProfile('1000000000000000121')).toMatchObject({
      roles: ['staff'],
      locked: true,
      snils: null,
    });
    expect(await adapter.listMemberships('1000000000000000123')).toEqual([
      { organization: expect.objectContaining({ id: '1100000000000000074' }), role: 'staff' },
    ]);
  });

  it('lists a child who has a school record but no login account, with a null userId', async () => {
    expect(await adapter.listChildren(TEACHER)).toEqual([
      {
        userId: null,
        lastName: 'Соколов',
        firstName: 'Артём',
        birthDate: '2017-01-19',
        organization: expect.objectContaining({ id: '1100000000000000074' }),
      },
    ]);
  });

  it('uses the demo secrets only when the credential is unset and the settings allow it; production refuses them', async () => {
    expect(() => dnevnik.create(settings({ allowDemoCredentials: false }), deps(emulator.url))).toThrow(
      /credential variable is not set/,
    );
    expect(() => dnevnik.create(settings(), deps(emulator.url, 'a bare token'))).toThrow(
      /must be JSON \{"clientSecret"/,
    );
    expect(() =>
      createDiaryAdapter('dnevnik', {}, deps(emulator.url, DNEVNIK_DEMO_CREDENTIAL), { production: true }),
    ).toThrow(/public demo credential/);
  });

  it('keeps the API host apart from the web host: apiUrl is where the password check goes', async () => {
    const web = await startEmptyServer();
    try {
      // baseUrl (and webUrl) at a host without the API; apiUrl and the extension's url at the diary's.
      const split = dnevnik.create(
        settings({ apiUrl: emulator.url, webUrl: web.url, extension: { url: emulator.url } }),
        deps(web.url),
      );
      expect(await split.verifyPassword({ login: 'sokolova.marina', password: 'Dnevnik-Sokolova1' })).toEqual(
        {
          ok: true,
          userId: TEACHER,
        },
      );
      expect((await split.getProfile(TEACHER))?.lastName).toBe('Соколова');
      expect(web.seen).toEqual([]);
    } finally {
      await web.close();
    }
  });

  it('probes every route without changing anything, and finds them all on the diary', async () => {
    const before = emulator.esiaLink(TEACHER);
    const probe = await adapter.probeRoutes!();
    expect(probe.routes.map((r) => r.route)).toEqual([
      'POST /mobile/v8.5/authorizations/bycredentials',
      'GET /v2/users/me',
      'extension GET /capabilities',
      'extension GET /users/{userId}',
      'extension GET /users/{userId}/memberships',
      'extension GET /users/{userId}/children',
      'extension POST /link-notices',
    ]);
    expect(probe.routes.every((r) => r.present)).toBe(true);
    expect(emulator.esiaLink(TEACHER)).toEqual(before);
  });

  it('reads Дневник.ру dates, and its empty .NET date, without inventing one', () => {
    expect(isoBirthDate('2011-03-10T00:00:00')).toBe('2011-03-10');
    expect(isoBirthDate('0001-01-01T00:00:00')).toBeNull();
    expect(isoBirthDate('2011-02-30T00:00:00')).toBeNull();
    expect(isoBirthDate(null)).toBeNull();
  });
});

/*
 * Issue 22, item 3: an instance pointed at a server without Дневник.ру's routes (a wrong apiUrl, an extension
 * not deployed) must read as a configuration fault, never as "no such account" (null, [], 'gone'): before,
 * every link attempt became "profile missing" and every notice was dropped.
 */
describe('dnevnik adapter against a server without its routes', () => {
  let empty: Awaited<ReturnType<typeof startEmptyServer>>;
  let adapter: DiaryAdapter;
  const STUDENT = '1000000000000000102';
  const expectConfigurationFault = async (call: Promise<unknown>) => {
    const failure = await call.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VendorUnavailableError);
    expect((failure as VendorUnavailableError).fault).toBe('configuration');
  };

  beforeAll(async () => {
    empty = await startEmptyServer();
    adapter = dnevnik.create(settings(), deps(empty.url));
  });
  afterAll(() => empty.close());

  it('getProfile, listMemberships and listChildren throw, never null or []', async () => {
    await expectConfigurationFault(adapter.getProfile(STUDENT));
    await expectConfigurationFault(adapter.listMemberships(STUDENT));
    await expectConfigurationFault(adapter.listChildren(STUDENT));
  });

  it('link notices throw (the outbox keeps retrying and alerting), never gone', async () => {
    const notice = { linkId: '00000000-0000-4000-8000-0000000000b1', userId: STUDENT, at: new Date() };
    await expectConfigurationFault(adapter.markLinked(notice));
    await expectConfigurationFault(adapter.unlink(notice));
  });

  it('a password check throws, never "wrong password"', async () => {
    await expectConfigurationFault(adapter.verifyPassword({ login: 'ivanov.maksim', password: 'x' }));
  });

  it('probeRoutes reports every route missing', async () => {
    const probe = await adapter.probeRoutes!();
    expect(probe.routes.length).toBeGreaterThan(0);
    expect(probe.routes.filter((r) => r.present)).toEqual([]);
  });

  it('probeRoutes throws an outage when nothing answers at all', async () => {
    const nobody = dnevnik.create(settings(), deps('http://127.0.0.1:9'));
    const failure = await nobody.probeRoutes!().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VendorUnavailableError);
    expect((failure as VendorUnavailableError).fault).toBe('outage');
  });
});
