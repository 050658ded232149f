import { parseIsoDate, type LocalDate } from '../../src/core/local-date';
import {
  MAX_WARN_DAYS,
  MINIMUM_AGE_RANGE,
  POLICY_DEFAULTS,
  validateBypassWindow,
  validateExemption,
  validatePolicy,
  type BypassWindow,
  type CutoverPolicy,
  type Role,
} from '../../src/core/policy';

const date = (iso: string): LocalDate => parseIsoDate(iso)!;
const at = (iso: string) => new Date(iso);
const INVALID = new Date(Number.NaN);

const policy = (over: Partial<CutoverPolicy> = {}): CutoverPolicy => ({
  ...POLICY_DEFAULTS,
  timeZone: 'Europe/Moscow',
  mode: 'enforce',
  announceDate: null,
  cutoverDate: date('2026-09-01'),
  ...over,
});
const codes = (over: Partial<CutoverPolicy>) =>
  validatePolicy(policy(over)).map((p) => `${p.field}:${p.code}`);
const window = (over: Partial<BypassWindow> = {}): BypassWindow => ({
  startsAt: at('2026-09-10T06:00:00Z'),
  endsAt: at('2026-09-10T14:00:00Z'),
  reason: 'ESIA down',
  ...over,
});

describe('validatePolicy accepts every well-formed policy', () => {
  it('the defaults with a zone and a date; off without a date; either unknown-birth-date rule', () => {
    expect(validatePolicy(policy())).toEqual([]);
    expect(validatePolicy(policy({ mode: 'off', cutoverDate: null }))).toEqual([]);
    expect(validatePolicy(policy({ unknownBirthDateRule: 'allow' }))).toEqual([]);
    for (const mode of ['off', 'announce', 'shadow', 'enforce'] as const) expect(codes({ mode })).toEqual([]);
  });

  it('an announce date on or before the cutover date, and every Russian zone', () => {
    expect(codes({ announceDate: date('2026-09-01') })).toEqual([]);
    expect(codes({ announceDate: date('2026-05-01') })).toEqual([]);
    expect(codes({ timeZone: 'Asia/Kamchatka' })).toEqual([]);
  });

  it('the bounds of warning days (0 to 366) and of the minimum age (0 to 18)', () => {
    expect(MAX_WARN_DAYS).toBe(366);
    expect(MINIMUM_AGE_RANGE).toEqual({ min: 0, max: 18 });
    for (const warnDays of [0, 1, 366]) expect(codes({ warnDays })).toEqual([]);
    for (const minimumAge of [0, 14, 18]) expect(codes({ minimumAge })).toEqual([]);
  });

  it('bypass windows that end after they start, ended early or not, each with a reason', () => {
    expect(
      codes({
        bypassWindows: [
          window(),
          window({ endedAt: at('2026-09-10T08:00:00Z') }),
          window({ endedAt: null }),
          window({ startsAt: at('2026-09-10T06:00:00Z'), endsAt: at('2026-09-10T06:00:00.001Z') }),
        ],
      }),
    ).toEqual([]);
  });
});

describe('validatePolicy refuses, naming the field and a stable code', () => {
  it('lists every problem at once, each with its field, code and plain words', () => {
    const problems = validatePolicy({
      timeZone: 'Europe/Mordor',
      mode: 'sometimes' as CutoverPolicy['mode'],
      announceDate: date('2026-09-02'),
      cutoverDate: date('2026-09-01'),
      warnDays: 400,
      minimumAge: 19,
      roles: [],
      unknownBirthDateRule: 'maybe' as CutoverPolicy['unknownBirthDateRule'],
      bypassWindows: [
        window({ startsAt: at('2026-09-10T10:00:00Z'), endsAt: at('2026-09-10T09:00:00Z'), reason: ' ' }),
      ],
    });
    expect(problems).toEqual([
      {
        field: 'timeZone',
        code: 'unknown_time_zone',
        message: 'not an IANA time zone name, such as Europe/Moscow',
      },
      { field: 'mode', code: 'unknown_mode', message: 'mode is one of off, announce, shadow, enforce' },
      {
        field: 'cutoverDate',
        code: 'cutover_before_announce',
        message: 'the cutover date cannot come before the announce date',
      },
      { field: 'warnDays', code: 'out_of_range', message: 'warning days are a whole number from 0 to 366' },
      { field: 'minimumAge', code: 'out_of_range', message: 'minimum age is a whole number from 0 to 18' },
      { field: 'roles', code: 'roles_required', message: 'the policy must apply to at least one role' },
      {
        field: 'unknownBirthDateRule',
        code: 'unknown_rule',
        message: 'the unknown-birth-date rule is deny or allow',
      },
      {
        field: 'bypassWindows[0].endsAt',
        code: 'bypass_ends_before_start',
        message: 'a bypass window must end after it starts',
      },
      {
        field: 'bypassWindows[0].reason',
        code: 'reason_required',
        message: 'a bypass window needs a reason',
      },
    ]);
  });

  it('a zone that is missing, a bare offset or unknown', () => {
    expect(codes({ timeZone: '+03:00' })).toEqual(['timeZone:unknown_time_zone']);
    expect(codes({ timeZone: undefined as unknown as string })).toEqual(['timeZone:unknown_time_zone']);
    expect(codes({ timeZone: 3 as unknown as string })).toEqual(['timeZone:unknown_time_zone']);
  });

  it('dates that are not on the calendar, and a missing cutover date in any mode but off', () => {
    expect(validatePolicy(policy({ cutoverDate: { year: 2026, month: 2, day: 30 } }))).toEqual([
      { field: 'cutoverDate', code: 'invalid_date', message: 'cutover date is not a calendar date' },
    ]);
    expect(validatePolicy(policy({ announceDate: { year: 2026, month: 13, day: 1 } }))).toEqual([
      { field: 'announceDate', code: 'invalid_date', message: 'announce date is not a calendar date' },
    ]);
    expect(validatePolicy(policy({ cutoverDate: null }))).toEqual([
      {
        field: 'cutoverDate',
        code: 'cutover_date_required',
        message: 'every mode but off needs a cutover date',
      },
    ]);
    for (const mode of ['announce', 'shadow'] as const) {
      expect(codes({ mode, cutoverDate: null })).toEqual(['cutoverDate:cutover_date_required']);
    }
  });

  it('does not compare an impossible date with the other one: only the impossible date is named', () => {
    expect(
      codes({ announceDate: { year: 2026, month: 9, day: 31 }, cutoverDate: date('2026-09-01') }),
    ).toEqual(['announceDate:invalid_date']);
    expect(
      codes({ announceDate: date('2026-09-01'), cutoverDate: { year: 2026, month: 2, day: 30 } }),
    ).toEqual(['cutoverDate:invalid_date']);
  });

  it('warning days outside 0 to 366 or not whole', () => {
    for (const warnDays of [-1, 367, 1.5, Number.NaN]) {
      expect([warnDays, codes({ warnDays })]).toEqual([warnDays, ['warnDays:out_of_range']]);
    }
  });

  it('a minimum age outside 0 to 18 or not whole', () => {
    for (const minimumAge of [-1, 19, 13.5]) {
      expect([minimumAge, codes({ minimumAge })]).toEqual([minimumAge, ['minimumAge:out_of_range']]);
    }
  });

  it('no roles, unknown roles, a role twice, roles that are not a list', () => {
    expect(codes({ roles: ['student', 'admin' as Role] })).toEqual(['roles:unknown_role']);
    expect(validatePolicy(policy({ roles: ['admin' as Role] }))[0]!.message).toBe(
      'roles are among student, parent, teacher, staff',
    );
    expect(validatePolicy(policy({ roles: ['student', 'student'] }))).toEqual([
      { field: 'roles', code: 'duplicate_role', message: 'each role is listed once' },
    ]);
    expect(codes({ roles: 'student' as unknown as Role[] })).toEqual(['roles:roles_required']);
  });

  it('an unknown mode or unknown-birth-date rule', () => {
    expect(codes({ mode: 'strict' as CutoverPolicy['mode'] })).toEqual(['mode:unknown_mode']);
    expect(codes({ unknownBirthDateRule: 'ask' as CutoverPolicy['unknownBirthDateRule'] })).toEqual([
      'unknownBirthDateRule:unknown_rule',
    ]);
  });

  it('checks each bypass window under its own index; windows that are not a list are not read', () => {
    expect(codes({ bypassWindows: [window(), window({ reason: '' })] })).toEqual([
      'bypassWindows[1].reason:reason_required',
    ]);
    expect(codes({ bypassWindows: 'none' as unknown as BypassWindow[] })).toEqual([]);
  });
});

describe('validateBypassWindow', () => {
  it('a well-formed window has no problem', () => {
    expect(validateBypassWindow(window())).toEqual([]);
    expect(validateBypassWindow(window({ endedAt: at('2026-09-10T07:00:00Z') }))).toEqual([]);
  });

  it('a window of no length or ending before it starts', () => {
    expect(validateBypassWindow(window({ endsAt: at('2026-09-10T06:00:00Z') }))).toEqual([
      {
        field: 'bypassWindow.endsAt',
        code: 'bypass_ends_before_start',
        message: 'a bypass window must end after it starts',
      },
    ]);
  });

  it('instants that are not valid dates, each named once', () => {
    expect(validateBypassWindow(window({ startsAt: INVALID }), 'w')).toEqual([
      { field: 'w.startsAt', code: 'invalid_instant', message: 'start is not a valid instant' },
    ]);
    expect(validateBypassWindow(window({ endsAt: INVALID }), 'w')).toEqual([
      { field: 'w.endsAt', code: 'invalid_instant', message: 'end is not a valid instant' },
    ]);
    expect(validateBypassWindow(window({ endedAt: INVALID }), 'w')).toEqual([
      { field: 'w.endedAt', code: 'invalid_instant', message: 'early end is not a valid instant' },
    ]);
    expect(validateBypassWindow(window({ startsAt: '2026-09-10' as unknown as Date }), 'w')).toEqual([
      { field: 'w.startsAt', code: 'invalid_instant', message: 'start is not a valid instant' },
    ]);
  });

  it('a reason that is missing or blank', () => {
    for (const reason of ['', '   ', undefined as unknown as string]) {
      expect(validateBypassWindow(window({ reason }))).toEqual([
        { field: 'bypassWindow.reason', code: 'reason_required', message: 'a bypass window needs a reason' },
      ]);
    }
  });
});

describe('validateExemption', () => {
  it('an exemption until revoked, or until a valid instant, with a reason, has no problem', () => {
    expect(validateExemption({ reason: 'no passport yet', expiresAt: null })).toEqual([]);
    expect(validateExemption({ reason: 'medical', expiresAt: at('2026-12-31T21:00:00Z') })).toEqual([]);
  });

  it('an expiry that is not a valid instant and a blank reason are both named', () => {
    expect(validateExemption({ reason: ' ', expiresAt: INVALID })).toEqual([
      { field: 'exemption.expiresAt', code: 'invalid_instant', message: 'expiry is not a valid instant' },
      { field: 'exemption.reason', code: 'reason_required', message: 'an exemption needs a reason' },
    ]);
    expect(validateExemption({ reason: 'medical', expiresAt: undefined as unknown as null }, 'e')).toEqual([
      { field: 'e.expiresAt', code: 'invalid_instant', message: 'expiry is not a valid instant' },
    ]);
  });
});
