import { readFileSync } from 'node:fs';
import pino from 'pino';
import {
  CapabilityNotSupportedError,
  EVERY_CAPABILITY,
  VendorUnavailableError,
  type AdapterDeps,
} from '../../adapters/contract';
import { diaryApi } from '../../adapters/diary-api';
import { copHmao } from '../../adapters/cop-hmao';
import { createDiaryAdapter, instanceCapabilities } from '../../adapters/registry';
import { startEljurEmulator, type EljurEmulator } from '../../emulators/diary-api/diary-api-emulator.server';
import { systemClock } from '../../src/core/clock';
import { fromRoot } from '../../src/paths';
import { useMtlsDiaryApiEmulator } from '../support/mtls-certificates';
import { describeDiaryAdapterContract, describeNoSilentFailure } from './diary-adapter.contract';

/** The fourth diary's instance exactly as config/instances.json has it: the adapter is built from it alone. */
const instance = (
  JSON.parse(readFileSync(fromRoot('config/instances.json'), 'utf8')) as Array<{
    id: string;
    adapterKind: string;
    settings: Record<string, unknown>;
  }>
).find((i) => i.id === 'eljur-39')!;

const deps = (baseUrl: string, secret?: string): AdapterDeps => ({
  instanceId: instance.id,
  baseUrl,
  secret,
  logger: pino({ level: 'silent' }),
  clock: systemClock,
  timeoutMs: 2000,
});

/** The generic diary-API adapter, configured from config/ alone, against the ЭлЖур-like reference diary. */
describeDiaryAdapterContract('diary-api (eljur-39 of config/instances.json)', EVERY_CAPABILITY, async () => {
  const emulator = await startEljurEmulator({ port: 0 });
  const adapter = createDiaryAdapter(instance.adapterKind, instance.settings, deps(emulator.url));
  return {
    adapter,
    fixtures: {
      validCredentials: { login: 'fedorov.p', password: 'Eljur-Fedorov1', userId: '39001' },
      wrongPassword: { login: 'fedorov.p', password: 'Eljur-Fedorov2' },
      lockedCredentials: { login: 'orlov.v', password: 'Eljur-Orlov1' },
      rateLimited: { credentials: { login: 'sokolova.zel', password: 'Eljur-Sokolova2' }, guesses: 5 },
      lockedUserId: '39007',
      student: { userId: '39003', birthDate: '2012-04-02', organizationId: '39-0031' },
      parent: { userId: '39002', childFirstNames: ['Иван'] },
      withoutBirthDate: { userId: '39006' },
      snilsOnRecord: { snils: '13927465187', userId: '39003' },
      snilsWithSeveralProfiles: { snils: '158-372-641 92', userIds: ['39004', '39005'] },
      organizationSearch: {
        query: { level: 'organization', chosen: { municipality: 'Зеленоградский муниципальный округ' } },
        expectName: 'МАОУ СОШ г. Зеленоградска',
      },
    },
    setVendorDown: (down) => emulator.setDown(down),
    readLinkState: async (userId) => {
      const linkId = emulator.linkOf(userId);
      return { linked: linkId !== null, linkId };
    },
    close: () => emulator.close(),
  };
});

/** Issue 22: against a server without the API (every path 404), nothing reads as "no such account". */
describeNoSilentFailure('diary-api', EVERY_CAPABILITY, (baseUrl) =>
  createDiaryAdapter(instance.adapterKind, instance.settings, deps(baseUrl)),
);

describe('diary-api adapter: what configuration decides', () => {
  let emulator: EljurEmulator;
  beforeAll(async () => {
    emulator = await startEljurEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  it('has only the abilities the instance declared: the others throw without a call', async () => {
    const settings = { ...instance.settings, abilities: { passwordLogin: true } };
    const adapter = createDiaryAdapter('diary-api', settings, deps(emulator.url));
    expect(adapter.capabilities).toEqual({
      passwordLogin: true,
      organizationSearch: false,
      snilsMatch: false,
      children: false,
      accessRequests: false,
      linkNotifications: false,
    });
    await expect(adapter.findBySnils('139-274-651 87')).rejects.toBeInstanceOf(CapabilityNotSupportedError);
    expect(await adapter.verifyPassword({ login: 'petrov.i', password: 'Eljur-Ivan1' })).toEqual({
      ok: true,
      userId: '39003',
    });
  });

  it('the registry reads an instance’s abilities from its settings, without building it (erasure’s unlink notices use it)', () => {
    const settings = { ...instance.settings, abilities: { passwordLogin: true } };
    expect(instanceCapabilities('diary-api', settings)).toMatchObject({
      passwordLogin: true,
      linkNotifications: false,
    });
    expect(instanceCapabilities('diary-api', instance.settings)).toMatchObject({ linkNotifications: true });
    expect(instanceCapabilities('cop-hmao', {})).toEqual(copHmao.capabilities);
    expect(instanceCapabilities('diary-api', { auth: 'none' })).toBeUndefined();
  });

  it('treats a refused signature (a wrong secret) as a configuration fault, never as "no such user"', async () => {
    const adapter = createDiaryAdapter('diary-api', instance.settings, deps(emulator.url, 'x'.repeat(43)));
    const refused = adapter.getProfile('39001');
    await expect(refused).rejects.toBeInstanceOf(VendorUnavailableError);
    await expect(refused).rejects.toMatchObject({ fault: 'configuration' });
  });

  it('treats a 404 of a wrong API path as a configuration fault, not as an unknown account', async () => {
    const settings = { ...instance.settings, apiPath: '/wrong/v1' };
    const adapter = createDiaryAdapter('diary-api', settings, deps(emulator.url));
    await expect(adapter.getProfile('39001')).rejects.toMatchObject({
      name: 'VendorUnavailableError',
      fault: 'configuration',
    });
  });

  it('probeRoutes finds every route of every declared ability on the reference diary, changing nothing', async () => {
    const adapter = createDiaryAdapter('diary-api', instance.settings, deps(emulator.url));
    const probe = await adapter.probeRoutes!();
    expect(probe.routes).toEqual([
      { route: 'GET /capabilities', present: true },
      { route: 'GET /users/{userId}', present: true },
      { route: 'GET /users/{userId}/memberships', present: true },
      { route: 'GET /users/{userId}/children', present: true },
      { route: 'GET /organizations', present: true },
      { route: 'POST /password-checks', present: true },
      { route: 'POST /school-records/search', present: true },
      { route: 'POST /link-notices', present: true },
      { route: 'POST /access-requests', present: true },
      { route: 'GET /access-requests/{id}', present: true },
      { route: 'GET /statistics/active-users', present: true },
    ]);
    expect(emulator.linkOf('39001')).toBeNull();
  });

  it('probeRoutes finds the route a diary declares but lacks (broken mode missing-ability) missing', async () => {
    const broken = await startEljurEmulator({ port: 0, brokenMode: 'missing-ability' });
    try {
      const adapter = createDiaryAdapter('diary-api', instance.settings, deps(broken.url));
      const missing = (await adapter.probeRoutes!()).routes.filter((r) => !r.present).map((r) => r.route);
      expect(missing).toEqual(['POST /school-records/search']);
    } finally {
      await broken.close();
    }
  });

  it('probeRoutes throws an outage when the diary does not answer, not a list of missing routes', async () => {
    const adapter = createDiaryAdapter('diary-api', instance.settings, deps(emulator.url));
    await emulator.setDown(true);
    try {
      await expect(adapter.probeRoutes!()).rejects.toMatchObject({
        name: 'VendorUnavailableError',
        fault: 'outage',
      });
    } finally {
      await emulator.setDown(false);
    }
  });

  it('refuses settings that do not fit, naming each field', () => {
    expect(() =>
      createDiaryAdapter(
        'diary-api',
        { auth: { type: 'hmac', keyId: 'k' }, colour: 'red' },
        deps(emulator.url),
      ),
    ).toThrow(/invalid diary-api settings: .*auth\.keyId.*; .*colour/);
  });

  it('in production refuses the demo secret of config/ and an unset credential', () => {
    const secret = (instance.settings['auth'] as { demoSecret: string }).demoSecret;
    const build = (s?: string) =>
      createDiaryAdapter('diary-api', instance.settings, deps(emulator.url, s), {
        production: true,
        credentialsRef: 'ELJUR_39_CREDENTIALS',
      });
    expect(() => build(secret)).toThrow(/ELJUR_39_CREDENTIALS holds a public demo credential/);
    expect(() => build()).toThrow(/ELJUR_39_CREDENTIALS is not set/);
  });

  it('an unlink of an older link than the diary’s current one changes nothing', async () => {
    const adapter = createDiaryAdapter('diary-api', instance.settings, deps(emulator.url));
    const at = new Date('2026-12-01T10:00:00Z');
    await adapter.markLinked({ linkId: 'link-new', userId: '39004', at });
    expect(await adapter.unlink({ linkId: 'link-old', userId: '39004', at })).toBe('done');
    expect(emulator.linkOf('39004')).toBe('link-new');
  });

  it('answers a repeated access request with the same id, and reports a resolve with the account', async () => {
    const adapter = createDiaryAdapter('diary-api', instance.settings, deps(emulator.url));
    const request = {
      requestId: '00000000-0000-4000-8000-0000000000a1',
      organizationId: '39-0007',
      role: 'parent' as const,
      reason: 'profile_missing' as const,
      message: 'Нет профиля родителя',
      contact: '+7 900 000-00-00',
      personName: 'Петров Алексей Константинович',
    };
    const first = await adapter.submitAccessRequest(request);
    expect(await adapter.submitAccessRequest(request)).toEqual(first);
    if (!first.ok) throw new Error('refused');
    emulator.settleAccessRequest(first.externalId, {
      status: 'resolved',
      resolution: 'Профиль родителя добавлен',
      userId: '39002',
    });
    expect(await adapter.getAccessRequestStatus(first.externalId)).toEqual({
      status: 'resolved',
      resolution: 'Профиль родителя добавлен',
      userId: '39002',
    });
    expect(
      await adapter.submitAccessRequest({ ...request, requestId: 'r-2', message: 'я'.repeat(2001) }),
    ).toEqual({ ok: false, reason: 'invalid_request' });
  });
});

describe('diary-api adapter over mutual TLS (openssl-made CA, server and client certificates)', () => {
  const served = useMtlsDiaryApiEmulator();
  const file = (name: string) => served.files.file(name);

  const mtls = (cert: string, key: string) =>
    diaryApi.create(
      diaryApi.configSchema.parse({
        auth: { type: 'mtls', certFile: file(cert), caFile: file('ca.crt') },
        abilities: { passwordLogin: true },
      }),
      deps(served.emulator.url, file(key)),
    );

  it('reads a profile with the certificate the diary trusts', async () => {
    expect(await mtls('client.crt', 'client.key').getProfile('39001')).toMatchObject({
      userId: '39001',
      lastName: 'Федоров',
    });
  });

  it('is refused (an outage, not a missing account) with a certificate the diary does not trust', async () => {
    await expect(mtls('stranger.crt', 'stranger.key').getProfile('39001')).rejects.toBeInstanceOf(
      VendorUnavailableError,
    );
  });
});
