import fc from 'fast-check';
import { addDays, localDate, localDateAt, parseIsoDate, type LocalDate } from '../../src/core/local-date';
import {
  decide,
  POLICY_DEFAULTS,
  RUSSIAN_TIME_ZONES,
  ROLES,
  validatePolicy,
  type CutoverPolicy,
  type Role,
  type Subject,
} from '../../src/core/policy';

const date = (iso: string): LocalDate => parseIsoDate(iso)!;
const at = (iso: string) => new Date(iso);
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
const DAY = 86_400_000;

const policy = (over: Partial<CutoverPolicy> = {}): CutoverPolicy => ({
  ...POLICY_DEFAULTS,
  timeZone: 'Europe/Moscow',
  mode: 'enforce',
  announceDate: null,
  cutoverDate: date('2026-09-01'),
  ...over,
});
const student = (birth: string | null, over: Partial<Subject> = {}): Subject => ({
  roles: ['student'],
  birthDate: birth === null ? null : date(birth),
  linked: false,
  exemptions: [],
  ...over,
});

describe('decide: the edges of the table', () => {
  it('after the cutover a 15-year-old student is refused and a 13-year-old is not', () => {
    const now = at('2026-09-10T09:00:00Z');
    expect(decide(policy(), student('2011-03-01'), now)).toMatchObject({
      decision: 'deny',
      reason: 'cutover_reached',
    });
    expect(decide(policy(), student('2013-03-01'), now)).toMatchObject({
      decision: 'allow',
      reason: 'under_minimum_age',
      applies: false,
    });
  });

  it('the same cutover date starts 10 hours earlier in Kamchatka (UTC+12) than in Kaliningrad (UTC+2)', () => {
    const kamchatka = policy({ timeZone: 'Asia/Kamchatka' });
    const kaliningrad = policy({ timeZone: 'Europe/Kaliningrad' });
    const teen = student('2011-03-01');
    const kamchatkaAt = decide(kamchatka, teen, at('2026-08-31T00:00:00Z')).cutoverAt!;
    const kaliningradAt = decide(kaliningrad, teen, at('2026-08-31T00:00:00Z')).cutoverAt!;
    expect(kamchatkaAt.toISOString()).toBe('2026-08-31T12:00:00.000Z');
    expect(kaliningradAt.toISOString()).toBe('2026-08-31T22:00:00.000Z');
    expect(kaliningradAt.getTime() - kamchatkaAt.getTime()).toBe(10 * 3_600_000);
    // Nine hours is the gap to Moscow (UTC+3), not to Kaliningrad.
    const moscowAt = decide(policy(), teen, at('2026-08-31T00:00:00Z')).cutoverAt!;
    expect(moscowAt.getTime() - kamchatkaAt.getTime()).toBe(9 * 3_600_000);

    expect(decide(kamchatka, teen, ms(kamchatkaAt, -1)).decision).toBe('warn');
    expect(decide(kamchatka, teen, kamchatkaAt).decision).toBe('deny');
    expect(decide(kaliningrad, teen, kamchatkaAt)).toMatchObject({ decision: 'warn', daysLeft: 1 });
    expect(decide(kaliningrad, teen, ms(kaliningradAt, -1)).decision).toBe('warn');
    expect(decide(kaliningrad, teen, kaliningradAt)).toMatchObject({ decision: 'deny', daysLeft: 0 });
  });

  it('the day a student turns 14 after the cutover: allowed at 23:59:59 local time, refused at midnight', () => {
    const born = student('2012-09-15');
    expect(decide(policy(), born, at('2026-09-14T20:59:59Z'))).toMatchObject({
      decision: 'allow',
      applies: false,
    });
    expect(decide(policy(), born, at('2026-09-14T21:00:00Z'))).toMatchObject({
      decision: 'deny',
      applies: true,
    });
    const kamchatka = policy({ timeZone: 'Asia/Kamchatka' });
    expect(decide(kamchatka, born, at('2026-09-14T11:59:59Z')).decision).toBe('allow');
    expect(decide(kamchatka, born, at('2026-09-14T12:00:00Z')).decision).toBe('deny');
  });

  it('a student born on 29 February turns 14 on 28 February of a common year', () => {
    const leapling = student('2012-02-29');
    const early = policy({ cutoverDate: date('2026-01-15') });
    expect(decide(early, leapling, at('2026-02-27T20:59:59Z')).decision).toBe('allow');
    expect(decide(early, leapling, at('2026-02-27T21:00:00Z')).decision).toBe('deny');
  });

  it('a bypass window allows password login until the instant it ends, or is ended', () => {
    const window = {
      startsAt: at('2026-09-10T06:00:00Z'),
      endsAt: at('2026-09-10T14:00:00Z'),
      reason: 'ESIA down',
    };
    const teen = student('2011-03-01');
    const p = policy({ bypassWindows: [window] });
    expect(decide(p, teen, ms(window.startsAt, -1)).decision).toBe('deny');
    expect(decide(p, teen, window.startsAt)).toMatchObject({ decision: 'allow', reason: 'bypass_window' });
    expect(decide(p, teen, ms(window.endsAt, -1))).toMatchObject({
      decision: 'allow',
      reason: 'bypass_window',
    });
    expect(decide(p, teen, window.endsAt)).toMatchObject({ decision: 'deny', reason: 'cutover_reached' });
    const ended = policy({ bypassWindows: [{ ...window, endedAt: at('2026-09-10T08:00:00Z') }] });
    expect(decide(ended, teen, at('2026-09-10T07:59:59Z')).decision).toBe('allow');
    expect(decide(ended, teen, at('2026-09-10T08:00:00Z')).decision).toBe('deny');
  });

  it('an exemption allows until it expires or is revoked', () => {
    const expiresAt = at('2026-10-01T00:00:00Z');
    const exempt = student('2011-03-01', { exemptions: [{ reason: 'no passport yet', expiresAt }] });
    expect(decide(policy(), exempt, ms(expiresAt, -1))).toMatchObject({
      decision: 'allow',
      reason: 'exempt',
    });
    expect(decide(policy(), exempt, expiresAt).decision).toBe('deny');
    const forever = student('2011-03-01', { exemptions: [{ reason: 'medical', expiresAt: null }] });
    expect(decide(policy(), forever, at('2030-01-01T00:00:00Z')).reason).toBe('exempt');
    const revoked = { reason: 'medical', expiresAt: null, revokedAt: at('2026-09-20T00:00:00Z') };
    expect(
      decide(policy(), student('2011-03-01', { exemptions: [revoked] }), at('2026-09-20T00:00:00Z')).decision,
    ).toBe('deny');
  });

  it('warns inside the window before the cutover, with the days left counted in local days', () => {
    const teen = student('2011-03-01', { linked: true });
    // 30 days before 1 September in Moscow is 2 August, from 00:00 MSK (1 August 21:00 UTC).
    expect(decide(policy(), teen, at('2026-08-01T20:59:59Z'))).toMatchObject({
      decision: 'allow',
      daysLeft: 31,
    });
    expect(decide(policy(), teen, at('2026-08-01T21:00:00Z'))).toMatchObject({
      decision: 'warn',
      reason: 'cutover_upcoming',
      daysLeft: 30,
      linked: true,
      cutoverDate: date('2026-09-01'),
    });
    expect(decide(policy(), teen, at('2026-08-31T20:59:59Z'))).toMatchObject({
      decision: 'warn',
      daysLeft: 1,
    });
    expect(decide(policy({ warnDays: 0 }), teen, at('2026-08-31T20:59:59Z')).decision).toBe('allow');
    const lateAnnouncement = policy({ announceDate: date('2026-08-20') });
    expect(decide(lateAnnouncement, teen, at('2026-08-19T20:59:59Z')).reason).toBe('before_cutover');
    expect(decide(lateAnnouncement, teen, at('2026-08-19T21:00:00Z')).reason).toBe('cutover_upcoming');
  });

  it('each mode after the cutover: off allows, announce only warns, shadow shadow-denies, enforce denies', () => {
    const teen = student('2011-03-01');
    const now = at('2026-12-01T00:00:00Z');
    expect(decide(policy({ mode: 'off' }), teen, now)).toMatchObject({
      decision: 'allow',
      reason: 'policy_off',
    });
    expect(decide(policy({ mode: 'off', cutoverDate: null }), teen, now)).toMatchObject({ cutoverAt: null });
    expect(decide(policy({ mode: 'announce' }), teen, now)).toMatchObject({
      decision: 'warn',
      reason: 'announce_only',
    });
    expect(decide(policy({ mode: 'shadow' }), teen, now)).toMatchObject({ decision: 'shadow-deny' });
    expect(decide(policy({ mode: 'enforce' }), teen, now)).toMatchObject({ decision: 'deny' });
  });

  it('unknown birth date: students follow the tenant rule, parents and staff are presumed adults', () => {
    const now = at('2026-12-01T00:00:00Z');
    expect(decide(policy(), student(null), now)).toMatchObject({
      decision: 'deny',
      reason: 'birth_date_unknown',
    });
    const lenient = policy({ unknownBirthDateRule: 'allow' });
    expect(decide(lenient, student(null), now)).toMatchObject({
      decision: 'allow',
      reason: 'birth_date_unknown_allowed',
    });
    for (const roles of [['parent'], ['teacher'], ['staff'], ['student', 'parent']] as Role[][]) {
      expect(decide(lenient, student(null, { roles }), now)).toMatchObject({
        decision: 'deny',
        reason: 'cutover_reached',
      });
    }
    expect(decide(lenient, student('2030-01-01'), now).reason).toBe('birth_date_unknown_allowed');
  });

  it('covers only the roles the policy names', () => {
    const studentsOnly = policy({ roles: ['student'] });
    const teacher = student('1980-05-05', { roles: ['teacher'] });
    expect(decide(studentsOnly, teacher, at('2026-12-01T00:00:00Z'))).toMatchObject({
      decision: 'allow',
      reason: 'role_not_covered',
      applies: false,
    });
    expect(decide(policy(), teacher, at('2026-12-01T00:00:00Z')).decision).toBe('deny');
  });
});

const zoneArb = fc.constantFrom(...RUSSIAN_TIME_ZONES);
const dateArb = (min: number, max: number) =>
  fc
    .record({
      year: fc.integer({ min, max }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
    })
    .map(({ year, month, day }) => localDate(year, month, day) ?? localDate(year, month, 28)!);
const policyArb = fc
  .record({
    timeZone: zoneArb,
    mode: fc.constantFrom('off', 'announce', 'shadow', 'enforce' as const),
    cutoverDate: dateArb(2024, 2032),
    announceBefore: fc.option(fc.integer({ min: 0, max: 200 })),
    warnDays: fc.integer({ min: 0, max: 90 }),
    minimumAge: fc.integer({ min: 0, max: 18 }),
    roles: fc.subarray([...ROLES], { minLength: 1 }),
    unknownBirthDateRule: fc.constantFrom('deny', 'allow' as const),
  })
  .map(({ announceBefore, ...p }): CutoverPolicy => ({
    ...p,
    announceDate: announceBefore === null ? null : addDays(p.cutoverDate, -announceBefore),
    bypassWindows: [],
  }));
const subjectArb = fc.record({
  roles: fc.subarray([...ROLES], { minLength: 1 }),
  birthDate: fc.option(dateArb(1950, 2030)),
  linked: fc.boolean(),
  exemptions: fc.constant([]),
});
const offsetArb = fc.integer({ min: 0, max: 800 * DAY });

describe('decide: properties across dates and every Russian time zone', () => {
  it('cutoverAt is local midnight of the cutover date in the tenant zone', () => {
    fc.assert(
      fc.property(policyArb, subjectArb, offsetArb, (p, s, offset) => {
        const { cutoverAt } = decide(p, s, new Date(Date.UTC(2024, 0, 1) + offset));
        const clock = new Intl.DateTimeFormat('en-GB', {
          timeZone: p.timeZone,
          hourCycle: 'h23',
          timeStyle: 'medium',
        });
        expect(clock.format(cutoverAt!)).toBe('00:00:00');
        expect(localDateAt(cutoverAt!, p.timeZone)).toEqual(p.cutoverDate);
        expect(localDateAt(ms(cutoverAt!, -1), p.timeZone)).toEqual(addDays(p.cutoverDate!, -1));
      }),
    );
  });

  it('never denies or shadow-denies before cutoverAt, and daysLeft is positive until then', () => {
    fc.assert(
      fc.property(policyArb, subjectArb, offsetArb, (p, s, offset) => {
        const cutoverAt = decide(p, s, new Date(0)).cutoverAt!;
        const d = decide(p, s, ms(cutoverAt, -1 - offset));
        expect(['allow', 'warn']).toContain(d.decision);
        expect(d.daysLeft).toBeGreaterThanOrEqual(1);
        expect(decide(p, s, ms(cutoverAt, offset)).daysLeft).toBe(0);
      }),
    );
  });

  it('in enforce mode a student of the minimum age or older is denied at and after cutoverAt', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 0, max: 30 }), offsetArb, (p0, extraYears, offset) => {
        const p = { ...p0, mode: 'enforce' as const, roles: ['student' as const] };
        const cutoverAt = decide(p, student(null), new Date(0)).cutoverAt!;
        const born = addDays(
          { ...p.cutoverDate!, year: p.cutoverDate!.year - p.minimumAge - extraYears },
          -1,
        );
        expect(decide(p, student(null, { birthDate: born }), ms(cutoverAt, offset)).decision).toBe('deny');
      }),
    );
  });

  it('shadow never denies; off always allows; a bypass window always allows', () => {
    fc.assert(
      fc.property(policyArb, subjectArb, fc.integer({ min: -800 * DAY, max: 800 * DAY }), (p, s, offset) => {
        const now = ms(decide(p, s, new Date(0)).cutoverAt!, offset);
        expect(decide({ ...p, mode: 'shadow' }, s, now).decision).not.toBe('deny');
        expect(decide({ ...p, mode: 'off' }, s, now).decision).toBe('allow');
        const bypass = { startsAt: ms(now, -1), endsAt: ms(now, 1), reason: 'ESIA outage' };
        expect(decide({ ...p, bypassWindows: [bypass] }, s, now).decision).toBe('allow');
      }),
    );
  });
});

describe('validatePolicy', () => {
  it('accepts the defaults with a zone and a date', () => {
    expect(validatePolicy(policy())).toEqual([]);
    expect(validatePolicy(policy({ mode: 'off', cutoverDate: null }))).toEqual([]);
  });

  it('lists every problem at once, each with its field and a stable code', () => {
    const problems = validatePolicy({
      timeZone: 'Europe/Mordor',
      mode: 'enforce',
      announceDate: date('2026-09-02'),
      cutoverDate: date('2026-09-01'),
      warnDays: 400,
      minimumAge: 19,
      roles: [],
      unknownBirthDateRule: 'deny',
      bypassWindows: [
        { startsAt: at('2026-09-10T10:00:00Z'), endsAt: at('2026-09-10T09:00:00Z'), reason: ' ' },
      ],
    });
    expect(problems.map((p) => `${p.field}:${p.code}`)).toEqual([
      'timeZone:unknown_time_zone',
      'cutoverDate:cutover_before_announce',
      'warnDays:out_of_range',
      'minimumAge:out_of_range',
      'roles:roles_required',
      'bypassWindows[0].endsAt:bypass_ends_before_start',
      'bypassWindows[0].reason:reason_required',
    ]);
  });

  it('refuses offsets for zones, missing and impossible dates, fractional ages and unknown roles', () => {
    const codes = (over: Partial<CutoverPolicy>) => validatePolicy(policy(over)).map((p) => p.code);
    expect(codes({ timeZone: '+03:00' })).toEqual(['unknown_time_zone']);
    expect(codes({ cutoverDate: null })).toEqual(['cutover_date_required']);
    expect(codes({ cutoverDate: { year: 2026, month: 2, day: 30 } })).toEqual(['invalid_date']);
    expect(codes({ minimumAge: 13.5 })).toEqual(['out_of_range']);
    expect(codes({ minimumAge: -1 })).toEqual(['out_of_range']);
    expect(codes({ roles: ['student', 'admin' as Role] })).toEqual(['unknown_role']);
    expect(codes({ roles: ['student', 'student'] })).toEqual(['duplicate_role']);
    expect(codes({ announceDate: date('2026-09-01') })).toEqual([]);
  });
});
