import { FixedClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import { setevoyRegion } from '../../adapters/setevoy-region';
import { loadSetevoyFixture } from '../../emulators/setevoy-region/setevoy.fixture';
import { startSetevoyRegionEmulator } from '../../emulators/setevoy-region/setevoy-emulator.server';
import {
  describeDiaryAdapterContract,
  describeNoSilentFailure,
  type DiaryContractSubject,
} from './diary-adapter.contract';

const fixture = loadSetevoyFixture();
/** The extension's HMAC key for this suite (not the demo one: the settings name it, the credential holds it). */
const KEY = { keyId: 'contract-setevoy-38', secret: 'contract-extension-secret-0123456789abcdef' };
const account = (login: string) => {
  const user = fixture.users.find((u) => u.login === login)!;
  return {
    userId: String(user.id),
    login,
    password: user.password!,
    organizationId: String(user.memberships[0]!.schoolId),
  };
};

async function makeSubject(): Promise<DiaryContractSubject> {
  const clock = new FixedClock(new Date('2026-11-22T03:00:00Z'));
  // The same clock on both sides: the extension's HMAC timestamps must agree.
  const emulator = await startSetevoyRegionEmulator({ port: 0, clock, extension: { keys: [KEY] } });
  const settings = { extension: { apiPath: '/elg/v1', auth: { type: 'hmac', keyId: KEY.keyId } } };
  const adapter = setevoyRegion.create(setevoyRegion.configSchema.parse(settings), {
    instanceId: 'setevoy-38',
    baseUrl: emulator.url,
    secret: KEY.secret,
    logger: createLogger({ level: 'silent' }),
    clock,
    timeoutMs: 2000,
  });
  // Cyrillic password: the windows-1251 hashing is exercised by the contract's own login checks.
  const parent = account('ivanova.es');
  const student = account('ivanov.ma');
  return {
    adapter,
    fixtures: {
      validCredentials: parent,
      wrongPassword: { login: parent.login, password: 'Мама-2025', organizationId: parent.organizationId },
      lockedCredentials: account('belova.av'),
      lockedUserId: account('belova.av').userId,
      // Used by no other case of the suite: the guessing makes this login wait.
      rateLimited: { credentials: account('ivanova.sa'), guesses: 3 },
      student: { userId: student.userId, birthDate: '2011-03-10', organizationId: student.organizationId },
      parent: { userId: parent.userId, childFirstNames: ['Максим', 'София'] },
      withoutBirthDate: { userId: account('smirnov.id').userId },
      organizationSearch: { query: { level: 'municipality', chosen: {} }, expectName: 'Братский район' },
    },
    setVendorDown: (down) => emulator.setDown(down),
    readLinkState: async (userId) => {
      const linkId = emulator.linkOf(userId);
      return { linked: linkId !== null, linkId };
    },
    close: () => emulator.close(),
  };
}

describeDiaryAdapterContract('setevoy-region', setevoyRegion.capabilities, makeSubject);

describeNoSilentFailure('setevoy-region', setevoyRegion.capabilities, (baseUrl) =>
  setevoyRegion.create(setevoyRegion.configSchema.parse({}), {
    instanceId: 'setevoy-38',
    baseUrl,
    secret: KEY.secret,
    logger: createLogger({ level: 'silent' }),
    clock: new FixedClock(new Date('2026-11-22T03:00:00Z')),
    timeoutMs: 2000,
  }),
);
