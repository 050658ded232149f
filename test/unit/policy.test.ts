import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parseIsoDate, type LocalDate } from '../../src/core/local-date';
import {
  activeBypass,
  ADULT_ROLES,
  coverage,
  decide,
  infoWindowOpens,
  validExemption,
  POLICY_DEFAULTS,
  RUSSIAN_TIME_ZONES,
  ROLES,
  type BypassWindow,
  type CutoverPolicy,
  type DecisionKind,
  type DecisionReason,
  type Exemption,
  type Role,
  type Subject,
} from '../../src/core/policy';

const date = (iso: string): LocalDate => parseIsoDate(iso)!;
const at = (iso: string) => new Date(iso);
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

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

describe('decide: rules that the table above leaves open', () => {
  const after = at('2026-12-01T00:00:00Z');

  it('a person with several roles is covered when any one of them is', () => {
    const studentsOnly = policy({ roles: ['student'] });
    const teacherAndStudent = student('2011-03-01', { roles: ['teacher', 'student'] });
    expect(decide(studentsOnly, teacherAndStudent, after)).toMatchObject({
      decision: 'deny',
      reason: 'cutover_reached',
      applies: true,
    });
    const parentAndTeacher = student('1980-05-05', { roles: ['parent', 'teacher'] });
    expect(decide(studentsOnly, parentAndTeacher, after)).toMatchObject({ reason: 'role_not_covered' });
    expect(decide(policy({ roles: ['student', 'teacher'] }), parentAndTeacher, after).reason).toBe(
      'cutover_reached',
    );
  });

  it('with no birth date, any adult role presumes an adult, even one the policy does not cover', () => {
    expect(ADULT_ROLES).toEqual(['parent', 'teacher', 'staff']);
    const lenientStudents = policy({ roles: ['student'], unknownBirthDateRule: 'allow' });
    expect(decide(lenientStudents, student(null, { roles: ['student', 'staff'] }), after)).toMatchObject({
      decision: 'deny',
      reason: 'cutover_reached',
    });
    expect(
      coverage(lenientStudents, student(null, { roles: ['student', 'staff'] }), date('2026-12-01')),
    ).toEqual({
      applies: true,
      ground: 'presumed_adult',
    });
  });

  it('born today: age 0, under the minimum age, not an unknown birth date', () => {
    const today = date('2026-12-01');
    expect(decide(policy(), student('2026-12-01'), at('2026-12-01T10:00:00Z'))).toMatchObject({
      decision: 'allow',
      reason: 'under_minimum_age',
      applies: false,
    });
    expect(coverage(policy({ minimumAge: 0 }), student('2026-12-01'), today)).toEqual({
      applies: true,
      ground: 'age',
    });
    // Born tomorrow is bad data: the birth date counts as unknown.
    expect(coverage(policy({ minimumAge: 0 }), student('2026-12-02'), today)).toEqual({
      applies: true,
      ground: 'birth_date_unknown',
    });
    expect(
      coverage(policy(), student(null, { birthDate: { year: 2011, month: 2, day: 30 } }), today),
    ).toEqual({
      applies: true,
      ground: 'birth_date_unknown',
    });
  });

  it('a student exactly of the minimum age is covered; one day younger is not', () => {
    const today = date('2026-12-01');
    expect(coverage(policy(), student('2012-12-01'), today)).toEqual({ applies: true, ground: 'age' });
    expect(coverage(policy(), student('2012-12-02'), today)).toEqual({
      applies: false,
      reason: 'under_minimum_age',
    });
  });

  it('an unknown birth date of a student after the cutover: refused as such in enforce, counted in shadow', () => {
    expect(decide(policy(), student(null), after)).toMatchObject({
      decision: 'deny',
      reason: 'birth_date_unknown',
    });
    expect(decide(policy({ mode: 'shadow' }), student(null), after)).toMatchObject({
      decision: 'shadow-deny',
      reason: 'birth_date_unknown',
    });
    expect(decide(policy({ mode: 'shadow' }), student('2011-03-01'), after)).toMatchObject({
      decision: 'shadow-deny',
      reason: 'cutover_reached',
    });
  });

  it('an exemption revoked in the future still holds until that instant', () => {
    const revokedAt = at('2026-12-05T00:00:00Z');
    const exempt = student('2011-03-01', { exemptions: [{ reason: 'medical', expiresAt: null, revokedAt }] });
    expect(decide(policy(), exempt, after)).toMatchObject({ decision: 'allow', reason: 'exempt' });
    expect(decide(policy(), exempt, ms(revokedAt, -1)).reason).toBe('exempt');
    expect(decide(policy(), exempt, revokedAt).decision).toBe('deny');
    const revokedBeforeExpiry = {
      reason: 'medical',
      expiresAt: at('2027-01-01T00:00:00Z'),
      revokedAt: at('2026-11-01T00:00:00Z'),
    };
    expect(
      decide(policy(), student('2011-03-01', { exemptions: [revokedBeforeExpiry] }), after).decision,
    ).toBe('deny');
  });

  it('any one exemption that holds is enough, and any one open bypass window', () => {
    const expired: Exemption = { reason: 'old', expiresAt: at('2026-01-01T00:00:00Z') };
    const holding: Exemption = { reason: 'medical', expiresAt: null, revokedAt: null };
    expect(validExemption([expired, holding], after)).toBe(holding);
    expect(validExemption([expired], after)).toBeUndefined();
    const past: BypassWindow = {
      startsAt: at('2026-11-01T00:00:00Z'),
      endsAt: at('2026-11-02T00:00:00Z'),
      reason: 'a',
    };
    const open: BypassWindow = { ...past, startsAt: ms(after, -1), endsAt: ms(after, 1), endedAt: null };
    expect(activeBypass([past, open], after)).toBe(open);
    expect(activeBypass([past], after)).toBeUndefined();
    expect(decide(policy({ bypassWindows: [past, open] }), student('2011-03-01'), after).reason).toBe(
      'bypass_window',
    );
  });

  it('an announce date earlier than the cutover minus the warning days does not widen the window', () => {
    const cutover = date('2026-09-01');
    const early = policy({ announceDate: date('2026-05-01') });
    expect(infoWindowOpens(early, cutover)).toEqual(date('2026-08-02'));
    expect(infoWindowOpens(policy({ announceDate: date('2026-08-20') }), cutover)).toEqual(
      date('2026-08-20'),
    );
    expect(infoWindowOpens(policy({ announceDate: date('2026-08-02') }), cutover)).toEqual(
      date('2026-08-02'),
    );
    expect(infoWindowOpens(policy({ warnDays: 0 }), cutover)).toEqual(cutover);
    const teen = student('2011-03-01');
    expect(decide(early, teen, at('2026-06-01T09:00:00Z'))).toMatchObject({
      decision: 'allow',
      reason: 'before_cutover',
    });
    expect(decide(early, teen, at('2026-08-01T20:59:59Z')).reason).toBe('before_cutover');
    expect(decide(early, teen, at('2026-08-01T21:00:00Z')).reason).toBe('cutover_upcoming');
  });

  it('a mode other than off without a cutover date allows: there is nothing to enforce', () => {
    expect(decide(policy({ cutoverDate: null }), student('2011-03-01'), after)).toMatchObject({
      decision: 'allow',
      reason: 'policy_off',
      cutoverAt: null,
      cutoverDate: null,
      daysLeft: null,
    });
  });

  it('the answer carries the cutover, the local days left, coverage and the link, whatever the decision', () => {
    expect(
      decide(policy({ mode: 'off' }), student('2011-03-01', { linked: true }), at('2026-08-30T09:00:00Z')),
    ).toEqual({
      decision: 'allow',
      reason: 'policy_off',
      cutoverAt: at('2026-08-31T21:00:00Z'),
      cutoverDate: date('2026-09-01'),
      daysLeft: 2,
      applies: true,
      linked: true,
    });
    expect(decide(policy(), student('2011-03-01'), at('2026-09-05T09:00:00Z'))).toEqual({
      decision: 'deny',
      reason: 'cutover_reached',
      cutoverAt: at('2026-08-31T21:00:00Z'),
      cutoverDate: date('2026-09-01'),
      daysLeft: 0,
      applies: true,
      linked: false,
    });
  });
});

// An independent reference of the decision table (DESIGN §5.4, §7 C), written as a plain list of rules over
// Luxon's zone rules and calendar: it shares no code with src/core. decide must agree with it everywhere.
const ADULT: readonly Role[] = ['parent', 'teacher', 'staff'];
type Expected = {
  decision: DecisionKind;
  reason: DecisionReason;
  cutoverAt: Date | null;
  daysLeft: number | null;
  applies: boolean;
};
const luxonDay = (d: LocalDate) => DateTime.fromObject(d, { zone: 'UTC' });
function reference(p: CutoverPolicy, s: Subject, now: Date): Expected {
  const local = DateTime.fromJSDate(now, { zone: p.timeZone });
  const today = DateTime.fromObject(
    { year: local.year, month: local.month, day: local.day },
    { zone: 'UTC' },
  );
  const birth = s.birthDate && luxonDay(s.birthDate).isValid ? luxonDay(s.birthDate) : null;
  const knownBirth = birth !== null && birth <= today ? birth : null;
  let refusal: DecisionReason | null = null;
  let unknownStudent = false;
  if (!s.roles.some((r) => p.roles.includes(r))) refusal = 'role_not_covered';
  else if (knownBirth) {
    if (Math.floor(today.diff(knownBirth, 'years').years) < p.minimumAge) refusal = 'under_minimum_age';
  } else if (!s.roles.some((r) => ADULT.includes(r))) {
    if (p.unknownBirthDateRule === 'allow') refusal = 'birth_date_unknown_allowed';
    else unknownStudent = true;
  }
  const cutover = p.cutoverDate
    ? DateTime.fromObject(p.cutoverDate, { zone: p.timeZone }).startOf('day')
    : null;
  const base = {
    cutoverAt: cutover ? cutover.toJSDate() : null,
    daysLeft: p.cutoverDate ? Math.max(0, luxonDay(p.cutoverDate).diff(today, 'days').days) : null,
    applies: refusal === null,
  };
  const t = now.getTime();
  const result = (decision: DecisionKind, reason: DecisionReason) => ({ ...base, decision, reason });
  if (p.mode === 'off' || !cutover || !p.cutoverDate) return result('allow', 'policy_off');
  if (refusal) return result('allow', refusal);
  const open = (w: BypassWindow) =>
    w.startsAt.getTime() <= t && t < Math.min(w.endsAt.getTime(), w.endedAt?.getTime() ?? Infinity);
  if (p.bypassWindows.some(open)) return result('allow', 'bypass_window');
  const holds = (e: Exemption) =>
    t < Math.min(e.expiresAt?.getTime() ?? Infinity, e.revokedAt?.getTime() ?? Infinity);
  if (s.exemptions.some(holds)) return result('allow', 'exempt');
  if (t < cutover.toMillis()) {
    const byWarnDays = luxonDay(p.cutoverDate).minus({ days: p.warnDays });
    const announced = p.announceDate ? luxonDay(p.announceDate) : null;
    const opens = announced && announced > byWarnDays ? announced : byWarnDays;
    return today >= opens ? result('warn', 'cutover_upcoming') : result('allow', 'before_cutover');
  }
  if (p.mode === 'announce') return result('warn', 'announce_only');
  const reason = unknownStudent ? 'birth_date_unknown' : 'cutover_reached';
  return result(p.mode === 'shadow' ? 'shadow-deny' : 'deny', reason);
}

const DAY_MS = 86_400_000;
const zoneArb = fc.constantFrom(...RUSSIAN_TIME_ZONES);
const cutoverArb = fc
  .record({
    year: fc.integer({ min: 2024, max: 2032 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => ({
    year,
    month,
    day: Math.min(day, luxonDay({ year, month, day: 1 }).daysInMonth!),
  }));
const policyArb = fc
  .record({
    timeZone: zoneArb,
    mode: fc.constantFrom('off', 'announce', 'shadow', 'enforce' as const),
    cutoverDate: cutoverArb,
    announceBefore: fc.option(fc.integer({ min: 0, max: 120 })),
    warnDays: fc.integer({ min: 0, max: 90 }),
    minimumAge: fc.integer({ min: 0, max: 18 }),
    roles: fc.subarray([...ROLES], { minLength: 1 }),
    unknownBirthDateRule: fc.constantFrom('deny', 'allow' as const),
  })
  .map(({ announceBefore, ...p }): CutoverPolicy => {
    const announced =
      announceBefore === null ? null : luxonDay(p.cutoverDate).minus({ days: announceBefore });
    return {
      ...p,
      announceDate: announced && { year: announced.year, month: announced.month, day: announced.day },
      bypassWindows: [],
    };
  });
/** Instants around the cutover: the decision's edges are near it, the information window and birthdays. */
const nowAround = (p: CutoverPolicy, offsetMs: number) =>
  new Date(DateTime.fromObject(p.cutoverDate!, { zone: p.timeZone }).startOf('day').toMillis() + offsetMs);
const offsetArb = fc.oneof(
  fc.integer({ min: -130 * DAY_MS, max: 130 * DAY_MS }),
  fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS }),
  fc.integer({ min: -2000, max: 2000 }),
);
/** Birth dates around the minimum-age birthday near the cutover, far off, in the future, or unknown. */
const birthFor = (p: CutoverPolicy) =>
  fc.oneof(
    fc.integer({ min: -3, max: 3 }).map((days) => {
      const b = luxonDay(p.cutoverDate!).minus({ years: p.minimumAge }).plus({ days });
      return { year: b.year, month: b.month, day: b.day } as LocalDate | null;
    }),
    cutoverArb.map((d) => ({ ...d, year: d.year - 30 }) as LocalDate | null),
    cutoverArb.map((d) => ({ ...d, year: d.year + 1 }) as LocalDate | null),
    fc.constant(null),
  );
const instantNear = (now: Date) =>
  fc.integer({ min: -2 * DAY_MS, max: 2 * DAY_MS }).map((d) => new Date(now.getTime() + d));
const exemptionsNear = (now: Date) =>
  fc.array(
    fc.record({
      reason: fc.constant('medical'),
      expiresAt: fc.option(instantNear(now)),
      revokedAt: fc.option(instantNear(now), { nil: undefined }),
    }),
    { maxLength: 2 },
  );
const windowsNear = (now: Date) =>
  fc.array(
    fc
      .record({
        startsAt: instantNear(now),
        length: fc.integer({ min: 1, max: 2 * DAY_MS }),
        endedAt: fc.option(instantNear(now), { nil: undefined }),
      })
      .map(({ startsAt, length, endedAt }): BypassWindow => ({
        startsAt,
        endsAt: new Date(startsAt.getTime() + length),
        endedAt,
        reason: 'ESIA outage',
      })),
    { maxLength: 2 },
  );
const caseArb = fc.tuple(policyArb, offsetArb).chain(([p, offset]) => {
  const now = nowAround(p, offset);
  return fc.record({
    policy: windowsNear(now).map((bypassWindows) => ({ ...p, bypassWindows })),
    subject: fc.record({
      roles: fc.subarray([...ROLES], { minLength: 1 }),
      birthDate: birthFor(p),
      linked: fc.boolean(),
      exemptions: exemptionsNear(now),
    }),
    now: fc.constant(now),
  });
});

describe('decide: properties across dates and every Russian time zone', () => {
  it('agrees with the reference table for any policy, person, bypass windows, exemptions and instant', () => {
    fc.assert(
      fc.property(caseArb, ({ policy: p, subject: s, now }) => {
        const { decision, reason, cutoverAt, daysLeft, applies } = decide(p, s, now);
        expect({ decision, reason, cutoverAt, daysLeft, applies }).toEqual(reference(p, s, now));
      }),
      { numRuns: 500 },
    );
  });

  it('never denies or shadow-denies before local midnight of the cutover date, and daysLeft is positive until then', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 400 * DAY_MS }), ({ policy: p, subject: s }, before) => {
        const d = decide(p, s, nowAround(p, -before));
        expect(['allow', 'warn']).toContain(d.decision);
        expect(d.daysLeft).toBeGreaterThanOrEqual(1);
        expect(decide(p, s, nowAround(p, before - 1)).daysLeft).toBe(0);
      }),
    );
  });

  it('in enforce mode a student of the minimum age or older is denied at and after local midnight of the cutover', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 0, max: 30 }),
        fc.nat(800 * DAY_MS),
        (p0, extraYears, offset) => {
          const p = { ...p0, mode: 'enforce' as const, roles: ['student' as const] };
          const b = luxonDay(p.cutoverDate!).minus({ years: p.minimumAge + extraYears, days: 1 });
          const born = { year: b.year, month: b.month, day: b.day };
          expect(decide(p, student(null, { birthDate: born }), nowAround(p, offset)).decision).toBe('deny');
        },
      ),
    );
  });

  it('shadow never denies; off always allows; a bypass window always allows', () => {
    fc.assert(
      fc.property(caseArb, ({ policy: p, subject: s, now }) => {
        expect(decide({ ...p, mode: 'shadow' }, s, now).decision).not.toBe('deny');
        expect(decide({ ...p, mode: 'off' }, s, now).decision).toBe('allow');
        const bypass = { startsAt: ms(now, -1), endsAt: ms(now, 1), reason: 'ESIA outage' };
        expect(decide({ ...p, bypassWindows: [bypass] }, s, now).decision).toBe('allow');
      }),
    );
  });
});
