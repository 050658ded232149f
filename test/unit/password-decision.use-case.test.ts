import type { DiscardedFact } from '../../src/core/discarded-fact';
import { MemoryRateLimiter } from '../../src/cache/memory-rate-limiter';
import { FixedClock } from '../../src/core/clock';
import {
  DependencyUnavailableError,
  NotFoundError,
  RateLimitedError,
  ReplayedRequestError,
} from '../../src/core/errors';
import { VendorUnavailableError } from '../../adapters/contract';
import { parseIsoDate } from '../../src/core/local-date';
import { POLICY_DEFAULTS, type CutoverPolicy, type Exemption, type Role } from '../../src/core/policy';
import type { RateLimit, RateLimiter } from '../../src/core/ports/rate-limiter.port';
import {
  decidePasswordLogin,
  evaluatePasswordPolicy,
  type PasswordDecisionInput,
  type PasswordDecisionPorts,
  type ProfileLookup,
} from '../../src/services/password-decision.use-case';
import type { InstanceScope } from '../../src/services/policy-cache';

// The decision use case with in-memory ports: the policy and exemptions as the cache would hand them over, the
// in-process rate limiter, a fixed clock, and lists that record what was counted and asked.

const TENANT = { id: '86', name: 'ХМАО — Югра', timeZone: 'Asia/Yekaterinburg' };
const KAMCHATKA = { id: '41', name: 'Камчатский край', timeZone: 'Asia/Kamchatka' };
// Instances are plain values here, so that whatever else a snapshot's instance carries can be added beside.
const DNEVNIK = {
  id: 'dnevnik-86',
  tenantId: '86',
  displayName: 'Дневник',
  signInUrl: 'https://diary.example.ru/',
  settingsUrl: 'https://diary.example.ru/settings',
};
const KAM = { ...DNEVNIK, id: 'kam-41', tenantId: '41' };

const enforce = (over: Partial<CutoverPolicy> = {}): CutoverPolicy => ({
  ...POLICY_DEFAULTS,
  timeZone: TENANT.timeZone,
  mode: 'enforce',
  announceDate: null,
  cutoverDate: parseIsoDate('2026-09-01'),
  ...over,
});
const AFTER = new Date('2026-09-10T06:00:00Z');
const BEFORE = new Date('2026-08-20T06:00:00Z');

interface World {
  ports: PasswordDecisionPorts;
  clock: FixedClock;
  recorded: Array<Parameters<PasswordDecisionPorts['stats']['record']>[0]>;
  asked: string[];
  keys: string[];
  /** Birth dates the use case skipped as no possible birth date, as the gateway's reporter hears them. */
  discarded: DiscardedFact[];
}

function world(
  options: {
    policies?: Record<string, CutoverPolicy | null>;
    profiles?: ProfileLookup | null;
    linked?: string[];
    exemptions?: Record<string, Exemption[]>;
    limits?: { perInstance: RateLimit; perLogin: RateLimit };
  } = {},
): World {
  const clock = new FixedClock(AFTER);
  const policies = options.policies ?? { [DNEVNIK.id]: enforce() };
  const recorded: World['recorded'] = [];
  const asked: string[] = [];
  const keys: string[] = [];
  const discarded: DiscardedFact[] = [];
  const memory = new MemoryRateLimiter(clock);
  const rateLimiter: RateLimiter = {
    hit: (key, limit) => {
      keys.push(key);
      return memory.hit(key, limit);
    },
    hitOnce: async (once, hits) => {
      const results = await memory.hitOnce(once, hits);
      if (results) keys.push(...hits.map((h) => h.key));
      return results;
    },
  };
  const scopeOf = (instanceId: string): InstanceScope | null => {
    if (!(instanceId in policies)) return null;
    const instance = instanceId === KAM.id ? KAM : DNEVNIK;
    const tenant = instanceId === KAM.id ? KAMCHATKA : TENANT;
    return { tenant, instance, stored: null, policy: policies[instanceId]! };
  };
  const lookup: ProfileLookup | undefined =
    options.profiles === null
      ? undefined
      : async (instanceId, userId) => {
          asked.push(`${instanceId}/${userId}`);
          return options.profiles ? options.profiles(instanceId, userId) : null;
        };
  return {
    clock,
    recorded,
    asked,
    keys,
    discarded,
    ports: {
      policies: {
        instanceScope: async (id) => scopeOf(id),
        exemptionsOf: async (instanceId, userId) => options.exemptions?.[`${instanceId}/${userId}`] ?? [],
      },
      isLinked: async (instanceId, userId) => (options.linked ?? []).includes(`${instanceId}/${userId}`),
      ...(lookup ? { profiles: lookup } : {}),
      rateLimiter,
      limits: options.limits ?? {
        perInstance: { limit: 1000, windowSeconds: 60 },
        perLogin: { limit: 1000, windowSeconds: 60 },
      },
      stats: { record: (key) => recorded.push(key) },
      clock,
      publicUrl: 'https://gw.example.ru',
      discarded: (fact) => discarded.push(fact),
    },
  };
}

const ask = (w: World, input: Partial<PasswordDecisionInput> = {}) =>
  decidePasswordLogin({ instanceId: DNEVNIK.id, userId: 'u1', ...input }, w.ports);
const teen = { birthDate: '2011-03-10', roles: ['student'] as Role[] };

describe('password decision: what the vendor is answered', () => {
  it('after the cutover a 15-year-old is refused, with the cutover, the date and a message to act on', async () => {
    const answer = await ask(world(), teen);
    expect(answer).toMatchObject({
      decision: 'deny',
      reason: 'cutover_reached',
      wouldDeny: false,
      cutoverAt: '2026-08-31T19:00:00.000Z',
      cutoverDate: '2026-09-01',
      daysLeft: 0,
      linked: false,
      infoUrl: 'https://gw.example.ru/info?instance=dnevnik-86',
    });
    expect(answer.message!.ru).toContain('01.09.2026');
    expect(answer.message!.ru).toContain('14 лет и старше');
  });

  it('the refusal names the policy’s own minimum age', async () => {
    const w = world({ policies: { [DNEVNIK.id]: enforce({ minimumAge: 16 }) } });
    const answer = await ask(w, { birthDate: '2009-03-10', roles: ['student'] });
    expect(answer.decision).toBe('deny');
    expect(answer.message!.ru).toContain('16 лет и старше');
    expect(answer.message!.en).toContain('aged 16 and over');
  });

  it('shadow mode answers allow and says it would have refused; enforce, warn and allow do not', async () => {
    const shadow = world({ policies: { [DNEVNIK.id]: enforce({ mode: 'shadow' }) } });
    expect(await ask(shadow, teen)).toMatchObject({
      decision: 'allow',
      reason: 'cutover_reached',
      wouldDeny: true,
    });
    const w = world();
    expect(await ask(w, teen)).toMatchObject({ decision: 'deny', wouldDeny: false });
    w.clock.set(BEFORE);
    expect(await ask(w, teen)).toMatchObject({
      decision: 'warn',
      reason: 'cutover_upcoming',
      wouldDeny: false,
    });
    expect(await ask(w, { birthDate: '2015-03-10', roles: ['student'] })).toMatchObject({
      decision: 'allow',
      reason: 'under_minimum_age',
      wouldDeny: false,
      message: null,
    });
  });

  it('an instance with no policy allows everyone, with no date, and the adapter is not asked', async () => {
    const w = world({ policies: { [DNEVNIK.id]: null } });
    const answer = await ask(w, { userId: 'no-birth-date' });
    expect(answer).toEqual(
      expect.objectContaining({
        decision: 'allow',
        reason: 'policy_off',
        wouldDeny: false,
        cutoverAt: null,
        cutoverDate: null,
        daysLeft: null,
        message: null,
      }),
    );
    expect(w.asked).toEqual([]);
    // Coverage still reads as the defaults of DESIGN §5.4 (every role, 14, unknown birth date covered).
    const input = { instanceId: DNEVNIK.id, userId: 'u1' };
    expect((await evaluatePasswordPolicy({ ...input, ...teen }, w.ports)).applies).toBe(true);
    expect((await evaluatePasswordPolicy(input, w.ports)).applies).toBe(true);
    expect((await evaluatePasswordPolicy({ ...input, birthDate: '2013-03-10' }, w.ports)).applies).toBe(
      false,
    );
  });

  it('a policy in mode off allows and does not ask the adapter either', async () => {
    const w = world({ policies: { [DNEVNIK.id]: enforce({ mode: 'off' }) } });
    expect(await ask(w, { userId: 'no-birth-date' })).toMatchObject({
      decision: 'allow',
      reason: 'policy_off',
      cutoverDate: '2026-09-01',
    });
    expect(w.asked).toEqual([]);
  });

  it('an unknown or switched-off instance is a 404, and nothing is counted', async () => {
    const w = world();
    const refusal = ask(w, { instanceId: 'nowhere', ...teen });
    await expect(refusal).rejects.toBeInstanceOf(NotFoundError);
    await expect(refusal).rejects.toMatchObject({ status: 404, message: 'instance nowhere' });
    await expect(
      evaluatePasswordPolicy({ instanceId: 'nowhere', userId: 'u1' }, w.ports),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(w.recorded).toEqual([]);
  });

  it('the person’s link and exemptions come from the ports', async () => {
    const w = world({
      linked: ['dnevnik-86/u1'],
      exemptions: { 'dnevnik-86/u2': [{ reason: 'нет паспорта', expiresAt: null }] },
    });
    expect(await ask(w, teen)).toMatchObject({ decision: 'deny', linked: true });
    expect(await ask(w, { userId: 'u2', ...teen })).toMatchObject({
      decision: 'allow',
      reason: 'exempt',
      linked: false,
    });
  });
});

describe('password decision: who the person is when the vendor does not say', () => {
  const adapter: ProfileLookup = async (_instance, userId) =>
    ({
      'adapter-15': { birthDate: '2011-03-10', roles: ['student'] as Role[] },
      'adapter-13': { birthDate: '2013-03-10', roles: ['student'] as Role[] },
      'adapter-parent': { birthDate: null, roles: ['parent'] as Role[] },
      'adapter-no-roles': { birthDate: '2013-03-10', roles: [] as Role[] },
    })[userId] ?? null;

  it('a birth date from the vendor wins: the adapter is not asked', async () => {
    const w = world({ profiles: adapter });
    expect(await ask(w, { userId: 'adapter-15', birthDate: '2013-03-10' })).toMatchObject({
      decision: 'allow',
      reason: 'under_minimum_age',
    });
    expect(w.asked).toEqual([]);
  });

  it('without a birth date the adapter is asked, and its birth date and roles decide', async () => {
    const w = world({ profiles: adapter });
    expect(await ask(w, { userId: 'adapter-15' })).toMatchObject({
      decision: 'deny',
      reason: 'cutover_reached',
    });
    expect(await ask(w, { userId: 'adapter-13' })).toMatchObject({
      decision: 'allow',
      reason: 'under_minimum_age',
    });
    // The adapter's roles: a parent with no birth date is presumed an adult, not an unknown student.
    expect(await ask(w, { userId: 'adapter-parent' })).toMatchObject({
      decision: 'deny',
      reason: 'cutover_reached',
    });
    expect(w.asked).toEqual(['dnevnik-86/adapter-15', 'dnevnik-86/adapter-13', 'dnevnik-86/adapter-parent']);
  });

  it('a birth date the vendor sends that is not a date counts as none: the adapter is asked', async () => {
    const w = world({ profiles: adapter });
    expect(await ask(w, { userId: 'adapter-13', birthDate: '2011-02-30' })).toMatchObject({
      reason: 'under_minimum_age',
    });
    expect(w.asked).toEqual(['dnevnik-86/adapter-13']);
  });

  describe('a birth date that could be nobody’s is skipped, reported, and the next source asked (issue 20)', () => {
    // 10 September 2026 in Yekaterinburg; adapter-15 was born 2011-03-10, adapter-13 on 2013-03-10.
    const profiles: ProfileLookup = async (_i, userId) =>
      ({
        'future-in-diary': { birthDate: '2031-05-01', roles: ['student'] as Role[] },
        '1899-in-diary': { birthDate: '1899-12-31', roles: ['student'] as Role[] },
        'not-a-date-in-diary': { birthDate: '2013-02-30', roles: ['student'] as Role[] },
        'tomorrow-in-diary': { birthDate: '2026-09-11', roles: ['student'] as Role[] },
      })[userId] ?? (await adapter(_i, userId));

    it.each([
      ['in the future', '2031-05-01', 'future'],
      ['tomorrow, in the region', '2026-09-11', 'future'],
      ['before 1900', '1899-12-31', 'before_1900'],
      ['.NET’s unknown date', '0001-01-01', 'before_1900'],
      ['not on the calendar', '2011-02-30', 'not_a_date'],
    ])(
      'the vendor’s date %s (%s) is skipped as %s; the diary’s own date decides',
      async (_, birthDate, problem) => {
        const w = world({ profiles });
        expect(await ask(w, { userId: 'adapter-13', birthDate })).toMatchObject({
          reason: 'under_minimum_age',
        });
        expect(await ask(w, { userId: 'adapter-15', birthDate })).toMatchObject({
          decision: 'deny',
          reason: 'cutover_reached',
        });
        expect(w.asked).toEqual(['dnevnik-86/adapter-13', 'dnevnik-86/adapter-15']);
        expect(w.discarded).toEqual([
          { source: 'vendor_request', field: 'birthDate', problem },
          { source: 'vendor_request', field: 'birthDate', problem },
        ]);
      },
    );

    it('the vendor’s date of today is a birth date: a newborn, nothing skipped', async () => {
      const w = world({ profiles });
      expect(await ask(w, { userId: 'adapter-15', birthDate: '2026-09-10' })).toMatchObject({
        reason: 'under_minimum_age',
      });
      expect(w.asked).toEqual([]);
      expect(w.discarded).toEqual([]);
    });

    it.each([
      ['future-in-diary', 'future'],
      ['tomorrow-in-diary', 'future'],
      ['1899-in-diary', 'before_1900'],
      ['not-a-date-in-diary', 'not_a_date'],
    ])(
      'the diary’s date of %s is skipped as %s: no source left, a student is refused (unknown age)',
      async (userId, problem) => {
        const w = world({ profiles });
        expect(await ask(w, { userId })).toMatchObject({ decision: 'deny' });
        expect(w.discarded).toEqual([{ source: 'diary_profile', field: 'birthDate', problem }]);
      },
    );

    it('without anybody to tell, a bad date is skipped all the same', async () => {
      const w = world({ profiles });
      const { discarded: _unheard, ...ports } = w.ports;
      await expect(
        decidePasswordLogin({ instanceId: DNEVNIK.id, userId: 'adapter-13', birthDate: '2031-05-01' }, ports),
      ).resolves.toMatchObject({ reason: 'under_minimum_age' });
      expect(w.discarded).toEqual([]);
    });

    it('both sources bad: both reported, in order, and the unknown-age rule decides either way', async () => {
      const denying = world({ profiles });
      expect(await ask(denying, { userId: 'future-in-diary', birthDate: '1850-01-01' })).toMatchObject({
        decision: 'deny',
      });
      expect(denying.discarded).toEqual([
        { source: 'vendor_request', field: 'birthDate', problem: 'before_1900' },
        { source: 'diary_profile', field: 'birthDate', problem: 'future' },
      ]);
      const allowing = world({
        profiles,
        policies: { [DNEVNIK.id]: enforce({ unknownBirthDateRule: 'allow' }) },
      });
      expect(await ask(allowing, { userId: 'future-in-diary', birthDate: '1850-01-01' })).toMatchObject({
        decision: 'allow',
        reason: 'birth_date_unknown_allowed',
      });
    });
  });

  it('roles from the vendor win over the adapter’s; an empty list is no roles', async () => {
    const w = world({ profiles: adapter });
    const lenient = world({
      profiles: adapter,
      policies: { [DNEVNIK.id]: enforce({ unknownBirthDateRule: 'allow' }) },
    });
    expect(await ask(lenient, { userId: 'adapter-parent', roles: ['student'] })).toMatchObject({
      decision: 'allow',
      reason: 'birth_date_unknown_allowed',
    });
    expect(await ask(lenient, { userId: 'adapter-parent', roles: [] })).toMatchObject({
      reason: 'cutover_reached',
    });
    expect(await ask(w, { userId: 'adapter-13', roles: ['teacher'] })).toMatchObject({
      reason: 'under_minimum_age',
    });
  });

  it('nothing known about the roles: a student (fail closed)', async () => {
    const studentsOnly = world({
      profiles: adapter,
      policies: { [DNEVNIK.id]: enforce({ roles: ['student'] }) },
    });
    expect(await ask(studentsOnly, { userId: 'adapter-no-roles', birthDate: '2011-03-10' })).toMatchObject({
      decision: 'deny',
    });
    expect(await ask(studentsOnly, { userId: 'unknown-to-adapter' })).toMatchObject({
      decision: 'deny',
      reason: 'birth_date_unknown',
    });
    const noAdapter = world({ profiles: null });
    expect(await ask(noAdapter, { userId: 'adapter-15' })).toMatchObject({
      decision: 'deny',
      reason: 'birth_date_unknown',
    });
  });
});

describe('password decision: a diary whose profile cannot be read (issue 22)', () => {
  it.each(['outage', 'configuration'] as const)(
    'a vendor %s is no decision at all (503 dependency_unavailable), never a refusal as for an unknown student',
    async (fault) => {
      const w = world({
        profiles: async () => {
          throw new VendorUnavailableError('dnevnik', 'GET /users/x: HTTP 404', { fault });
        },
      });
      const answer = ask(w, { userId: 'adapter-15' });
      await expect(answer).rejects.toBeInstanceOf(DependencyUnavailableError);
      await expect(answer).rejects.toMatchObject({
        code: 'dependency_unavailable',
        status: 503,
        message: `diary dnevnik-86 (${fault}) unavailable`,
        // The vendor's own error stays attached, so the log line says what the diary answered.
        cause: expect.any(VendorUnavailableError),
      });
    },
  );

  it('any other failure of the lookup is not dressed up as an unavailable diary', async () => {
    const bug = new TypeError('a programming error');
    const w = world({
      profiles: async () => {
        throw bug;
      },
    });
    await expect(ask(w, { userId: 'adapter-15' })).rejects.toBe(bug);
  });
});

describe('password decision: rate limits', () => {
  const limits = {
    perInstance: { limit: 3, windowSeconds: 60 },
    perLogin: { limit: 2, windowSeconds: 600 },
  };

  it('one diary account may ask perLogin times per window; other accounts are not held back by it', async () => {
    const w = world({ limits: { ...limits, perInstance: { limit: 10, windowSeconds: 60 } } });
    await ask(w, teen);
    await ask(w, teen);
    const refusal = ask(w, teen);
    await expect(refusal).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refusal).rejects.toMatchObject({ retryAfterSeconds: 600 });
    await expect(ask(w, { userId: 'u2', ...teen })).resolves.toMatchObject({ decision: 'deny' });
  });

  it('one instance may ask perInstance times per window, whoever asks; another instance is not held back', async () => {
    const w = world({ limits, policies: { [DNEVNIK.id]: enforce(), [KAM.id]: enforce() } });
    for (const userId of ['a', 'b', 'c']) await ask(w, { userId, ...teen });
    await expect(ask(w, { userId: 'd', ...teen })).rejects.toMatchObject({ retryAfterSeconds: 60 });
    await expect(ask(w, { instanceId: KAM.id, userId: 'd', ...teen })).resolves.toMatchObject({
      decision: 'deny',
    });
  });

  it('when both limits refuse, the answer waits for the later of the two', async () => {
    const w = world({
      limits: { perInstance: { limit: 1, windowSeconds: 60 }, perLogin: { limit: 1, windowSeconds: 600 } },
    });
    await ask(w, teen);
    await expect(ask(w, teen)).rejects.toMatchObject({ retryAfterSeconds: 600 });
    const w2 = world({
      limits: { perInstance: { limit: 1, windowSeconds: 600 }, perLogin: { limit: 1, windowSeconds: 60 } },
    });
    await ask(w2, teen);
    await expect(ask(w2, teen)).rejects.toMatchObject({ retryAfterSeconds: 600 });
  });

  it('the shared store is keyed by instance and by a hash of the account, never by the diary user id', async () => {
    const w = world({ policies: { [DNEVNIK.id]: enforce(), ab: enforce(), a: enforce() } });
    await ask(w, { userId: 'secret-user-42', ...teen });
    await ask(w, { userId: 'secret-user-42', ...teen });
    await ask(w, { instanceId: 'ab', userId: 'c', ...teen });
    await ask(w, { instanceId: 'a', userId: 'bc', ...teen });
    const [instanceKey, loginKey, again, , abKey, , aKey] = [
      w.keys[0],
      w.keys[1],
      w.keys[3],
      w.keys[4],
      w.keys[5],
      w.keys[6],
      w.keys[7],
    ];
    expect(instanceKey).toBe('decision:i:dnevnik-86');
    expect(loginKey).toMatch(/^decision:u:[A-Za-z0-9_-]{22}$/);
    expect(w.keys.join(' ')).not.toContain('secret-user-42');
    expect(again).toBe(loginKey);
    // Instance "ab" with user "c" is not instance "a" with user "bc".
    expect(abKey).not.toBe(aKey);
  });

  it('a nonce handed over is spent with the count: its replay is refused and uses up nobody’s allowance', async () => {
    const w = world({ limits });
    const nonce = { key: 'vendor-nonce:k1:n-0001', ttlSeconds: 600 };
    await expect(ask(w, { ...teen, nonce })).resolves.toMatchObject({ decision: 'deny' });
    for (let i = 0; i < 3; i++)
      await expect(ask(w, { ...teen, nonce })).rejects.toBeInstanceOf(ReplayedRequestError);
    // perLogin is 2: had the three replays been counted, this second real request would be refused.
    const second = ask(w, { ...teen, nonce: { ...nonce, key: 'vendor-nonce:k1:n-0002' } });
    await expect(second).resolves.toMatchObject({ decision: 'deny' });
    expect(w.recorded).toHaveLength(2);
  });

  it('a replay is refused before anything else is looked at or recorded', async () => {
    const w = world({ limits, profiles: async () => ({ birthDate: '2010-01-01', roles: ['student'] }) });
    const nonce = { key: 'vendor-nonce:k1:n-0003', ttlSeconds: 600 };
    await ask(w, { userId: 'u9', nonce });
    const asked = w.asked.length;
    await expect(ask(w, { userId: 'u9', nonce })).rejects.toBeInstanceOf(ReplayedRequestError);
    expect(w.asked).toHaveLength(asked);
    expect(w.recorded).toHaveLength(1);
  });

  it('the policy’s verdict for other use cases is not rate-limited and not counted', async () => {
    const w = world({
      limits: { perInstance: { limit: 1, windowSeconds: 60 }, perLogin: { limit: 1, windowSeconds: 60 } },
    });
    for (let i = 0; i < 3; i++) {
      expect(
        await evaluatePasswordPolicy({ instanceId: DNEVNIK.id, userId: 'u1', ...teen }, w.ports),
      ).toMatchObject({
        decision: 'deny',
        reason: 'cutover_reached',
      });
    }
    expect(w.keys).toEqual([]);
    expect(w.recorded).toEqual([]);
  });
});

describe('password decision: statistics', () => {
  it('counts each decision on the tenant’s local day, by instance, age band and decision', async () => {
    const w = world({ policies: { [KAM.id]: enforce({ timeZone: KAMCHATKA.timeZone, mode: 'shadow' }) } });
    // 12:30 UTC on 10 September is already 11 September in Kamchatka (UTC+12).
    w.clock.set(new Date('2026-09-10T12:30:00Z'));
    await ask(w, { instanceId: KAM.id, ...teen });
    expect(w.recorded).toEqual([
      { day: '2026-09-11', tenantId: '41', instanceId: 'kam-41', ageBand: '14_17', decision: 'shadow-deny' },
    ]);
  });

  it('age bands change on the 14th and the 18th birthday; no or a future birth date is unknown', async () => {
    const w = world({ policies: { [DNEVNIK.id]: enforce({ mode: 'off' }) } });
    // 10 September 2026 in Yekaterinburg.
    const cases: Array<[string | undefined, string]> = [
      ['2026-09-10', 'under_14'],
      ['2025-09-11', 'under_14'],
      ['2012-09-11', 'under_14'],
      ['2012-09-10', '14_17'],
      ['2008-09-11', '14_17'],
      ['2008-09-10', '18_plus'],
      ['1970-01-01', '18_plus'],
      [undefined, 'unknown'],
      ['2030-01-01', 'unknown'],
    ];
    for (const [birthDate] of cases)
      await ask(w, { userId: String(birthDate), birthDate, roles: ['student'] });
    expect(w.recorded.map((r) => r.ageBand)).toEqual(cases.map(([, band]) => band));
  });
});
