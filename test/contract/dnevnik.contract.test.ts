import { VendorUnavailableError, type AdapterDeps, type DiaryAdapter } from '../../adapters/contract';
import { isoBirthDate } from '../../adapters/dnevnik/dnevnik.payloads';
import { FixedClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import { dnevnik } from '../../adapters/dnevnik';
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

/** What the gateway gives the adapter; `secret: null` stands for an unset credential variable. */
function deps(baseUrl: string, secret: string | null = 'dnevnik-demo-access-token'): AdapterDeps {
  return {
    instanceId: 'dnevnik-test',
    baseUrl,
    secret: secret ?? undefined,
    logger: createLogger({ level: 'silent' }),
    clock: new FixedClock(new Date('2026-11-22T09:00:00Z')),
    timeoutMs: 2000,
  };
}

async function makeSubject(): Promise<DiaryContractSubject> {
  const emulator = await startDnevnikEmulator({ port: 0 });
  const adapter = dnevnik.create(dnevnik.configSchema.parse({}), deps(emulator.url));
  return {
    adapter,
    fixtures: fixtures(),
    setVendorDown: (down) => emulator.setDown(down),
    readLinkState: async (userId) => {
      const state = await readEsiaLink(emulator.url, userId);
      return { linked: state.linked, linkId: state.linkId };
    },
    close: () => emulator.close(),
  };
}

/** The diary's own record of a user's ESIA link, read with the service token past the adapter. */
async function readEsiaLink(
  url: string,
  userId: string,
): Promise<{ linked: boolean; linkId: string | null }> {
  const response = await fetch(`${url}/v2/users/${userId}/esia-link`, {
    headers: { 'Access-Token': 'dnevnik-demo-access-token' },
  });
  return (await response.json()) as { linked: boolean; linkId: string | null };
}

describeDiaryAdapterContract('dnevnik', dnevnik.capabilities, makeSubject);

describe('dnevnik adapter: what only Дневник.ру does', () => {
  const TEACHER = '1000000000000000108';
  let emulator: DnevnikEmulator;
  let adapter: DiaryAdapter;
  const linkState = (userId: string) => readEsiaLink(emulator.url, userId);

  beforeAll(async () => {
    emulator = await startDnevnikEmulator({ port: 0 });
    adapter = dnevnik.create(dnevnik.configSchema.parse({}), deps(emulator.url));
  });
  afterAll(() => emulator.close());

  it('reads 64-bit ids from id_str: two accounts whose numeric ids round to one stay two', async () => {
    const parent = await adapter.getProfile('1000000000000000101');
    const student = await adapter.getProfile('1000000000000000102');
    expect([parent!.userId, student!.userId]).toEqual(['1000000000000000101', '1000000000000000102']);
    const [first] = await adapter.listMemberships('1000000000000000102');
    expect(first!.organization.id).toBe('1100000000000000074');
  });

  it('maps EduStaff with a teaching position to teacher, without one to staff', async () => {
    const teacher = await adapter.getProfile(TEACHER);
    expect([...teacher!.roles].sort()).toEqual(['parent', 'teacher']);
    expect(await adapter.listMemberships(TEACHER)).toEqual([
      { organization: expect.objectContaining({ name: 'МБОУ «СОШ № 110»' }), role: 'teacher' },
      { organization: expect.objectContaining({ name: 'МБОУ «Гимназия № 74»' }), role: 'parent' },
    ]);
    const secretary = await adapter.getProfile('1000000000000000121');
    expect(secretary).toMatchObject({ roles: ['staff'], locked: true, snils: null });
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
    expect((await adapter.listChildren('1000000000000000107')).map((c) => c.userId)).toEqual([
      '1000000000000000112',
    ]);
  });

  it('treats a refused Access-Token as broken (the instance is misconfigured), never as a refusal', async () => {
    const wrong = dnevnik.create(dnevnik.configSchema.parse({}), deps(emulator.url, 'not-the-token'));
    await expect(wrong.getProfile(TEACHER)).rejects.toBeInstanceOf(VendorUnavailableError);
    await expect(wrong.verifyPassword({ login: 'nikolaev.egor', password: 'x' })).rejects.toBeInstanceOf(
      VendorUnavailableError,
    );
  });

  it('uses the demo token only when the credential is unset and the settings allow it', async () => {
    const demo = dnevnik.create(dnevnik.configSchema.parse({}), deps(emulator.url, null));
    expect((await demo.getProfile(TEACHER))?.lastName).toBe('Соколова');
    expect(() =>
      dnevnik.create(dnevnik.configSchema.parse({ demoAccessToken: null }), deps(emulator.url, null)),
    ).toThrow(/Access-Token is not set/);
  });

  it('tells the diary about a link and an unlink, and a late unlink of an older link changes nothing', async () => {
    const userId = '1000000000000000103';
    const old = {
      linkId: '00000000-0000-4000-8000-0000000000a1',
      userId,
      at: new Date('2026-11-01T00:00:00Z'),
    };
    const current = { ...old, linkId: '00000000-0000-4000-8000-0000000000a2', at: new Date() };
    await adapter.markLinked(old);
    expect(await linkState(userId)).toMatchObject({ linked: true, linkId: old.linkId });
    await adapter.markLinked(current);
    await adapter.unlink(old);
    expect(await linkState(userId)).toMatchObject({ linked: true, linkId: current.linkId });
    await adapter.unlink(current);
    expect((await linkState(userId)).linked).toBe(false);
  });

  it("answers 'gone' for an account the diary no longer has, so the outbox stops retrying", async () => {
    const notice = {
      linkId: '00000000-0000-4000-8000-0000000000a3',
      userId: '999999999999999999',
      at: new Date(),
    };
    expect(await adapter.markLinked(notice)).toBe('gone');
  });

  it("treats a 404 that is not the diary's «no such user» (a wrong apiPrefix) as broken, never as gone", async () => {
    const misrouted = dnevnik.create(
      dnevnik.configSchema.parse({ apiPrefix: '/v2/missing' }),
      deps(emulator.url),
    );
    const notice = { linkId: '00000000-0000-4000-8000-0000000000a4', userId: TEACHER, at: new Date() };
    await expect(misrouted.markLinked(notice)).rejects.toBeInstanceOf(VendorUnavailableError);
  });

  it('reads Дневник.ру dates, and its empty .NET date, without inventing one', () => {
    expect(isoBirthDate('2011-03-10T00:00:00')).toBe('2011-03-10');
    expect(isoBirthDate('0001-01-01T00:00:00')).toBeNull();
    expect(isoBirthDate('2011-02-30T00:00:00')).toBeNull();
    expect(isoBirthDate(null)).toBeNull();
  });
});
