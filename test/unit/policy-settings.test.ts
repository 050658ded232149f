import type { BypassWindow } from '../../src/core/policy';
import {
  defaultSettings,
  mergeSettings,
  problemsOf,
  toCutoverPolicy,
  type PolicySettings,
} from '../../src/core/policy-settings';

// The settings of one region as the console edits them: dates as text, the region's zone.
const settings = (over: Partial<PolicySettings> = {}): PolicySettings => ({
  timeZone: 'Asia/Yekaterinburg',
  mode: 'enforce',
  announceDate: '2026-08-01',
  cutoverDate: '2026-09-01',
  warnDays: 30,
  minimumAge: 14,
  roles: ['student', 'parent'],
  unknownBirthDateRule: 'deny',
  ...over,
});

describe('policy settings', () => {
  describe('a region that never had a policy', () => {
    it('is off, without dates, with the defaults of DESIGN §5.4 and every role', () => {
      expect(defaultSettings('Europe/Moscow')).toEqual({
        timeZone: 'Europe/Moscow',
        mode: 'off',
        announceDate: null,
        cutoverDate: null,
        warnDays: 30,
        minimumAge: 14,
        roles: ['student', 'parent', 'teacher', 'staff'],
        unknownBirthDateRule: 'deny',
      });
    });

    it('has nothing to fix', () => {
      expect(problemsOf(defaultSettings('Asia/Yekaterinburg'))).toEqual([]);
    });
  });

  describe('as the core decides on them', () => {
    it('dates become calendar dates and every other field is carried over as it is', () => {
      const window: BypassWindow = {
        startsAt: new Date('2026-09-10T06:00:00Z'),
        endsAt: new Date('2026-09-10T14:00:00Z'),
        reason: 'ESIA outage',
      };
      expect(toCutoverPolicy(settings(), [window])).toEqual({
        policy: {
          timeZone: 'Asia/Yekaterinburg',
          mode: 'enforce',
          announceDate: { year: 2026, month: 8, day: 1 },
          cutoverDate: { year: 2026, month: 9, day: 1 },
          warnDays: 30,
          minimumAge: 14,
          roles: ['student', 'parent'],
          unknownBirthDateRule: 'deny',
          bypassWindows: [window],
        },
        problems: [],
      });
    });

    it('without bypass windows given, the policy has none', () => {
      expect(toCutoverPolicy(settings()).policy.bypassWindows).toEqual([]);
    });

    it('a date left empty or absent is no date, and no problem', () => {
      for (const empty of [null, '']) {
        const { policy, problems } = toCutoverPolicy(settings({ announceDate: empty, cutoverDate: empty }));
        expect([policy.announceDate, policy.cutoverDate, problems]).toEqual([null, null, []]);
      }
    });

    it('a date that is not YYYY-MM-DD, or not on the calendar, is no date and one problem naming the field', () => {
      const { policy, problems } = toCutoverPolicy(
        settings({ announceDate: '01.08.2026', cutoverDate: '2026-02-30' }),
      );
      expect([policy.announceDate, policy.cutoverDate]).toEqual([null, null]);
      expect(problems).toEqual([
        { field: 'announceDate', code: 'invalid_date', message: 'expected a date YYYY-MM-DD' },
        { field: 'cutoverDate', code: 'invalid_date', message: 'expected a date YYYY-MM-DD' },
      ]);
    });

    it('a date that is not text at all (a number from JSON) is a problem, not a crash', () => {
      const odd = { ...settings(), cutoverDate: 20260901 } as unknown as PolicySettings;
      expect(toCutoverPolicy(odd).problems).toEqual([
        { field: 'cutoverDate', code: 'invalid_date', message: 'expected a date YYYY-MM-DD' },
      ]);
    });
  });

  describe('every problem at once', () => {
    it('date syntax first, then what the core finds, each once', () => {
      expect(
        problemsOf(settings({ announceDate: 'soon', warnDays: -1, roles: [] })).map(
          (p) => `${p.field}:${p.code}`,
        ),
      ).toEqual(['announceDate:invalid_date', 'warnDays:out_of_range', 'roles:roles_required']);
    });

    it('a cutover date written but unreadable is said once, as unreadable, not also as missing', () => {
      expect(problemsOf(settings({ cutoverDate: '1 сентября' })).map((p) => `${p.field}:${p.code}`)).toEqual([
        'cutoverDate:invalid_date',
      ]);
    });

    it('a cutover date not written at all is missing, for every mode but off', () => {
      expect(problemsOf(settings({ cutoverDate: null })).map((p) => `${p.field}:${p.code}`)).toEqual([
        'cutoverDate:cutover_date_required',
      ]);
      expect(problemsOf(settings({ mode: 'off', cutoverDate: null }))).toEqual([]);
    });
  });

  describe('an edit from a form or JSON, on top of the current settings', () => {
    const current = settings();

    it('keeps every field the edit does not name', () => {
      expect(mergeSettings(current, {})).toEqual(current);
    });

    it('takes every field it names, text trimmed', () => {
      expect(
        mergeSettings(current, {
          timeZone: ' Europe/Moscow ',
          mode: ' shadow ',
          announceDate: ' 2026-10-01 ',
          cutoverDate: '2026-11-01',
          warnDays: 10,
          minimumAge: '16',
          roles: ['teacher'],
          unknownBirthDateRule: ' allow ',
        }),
      ).toEqual({
        timeZone: 'Europe/Moscow',
        mode: 'shadow',
        announceDate: '2026-10-01',
        cutoverDate: '2026-11-01',
        warnDays: 10,
        minimumAge: 16,
        roles: ['teacher'],
        unknownBirthDateRule: 'allow',
      });
    });

    it('an empty date, or one that is not text, clears it', () => {
      const edited = mergeSettings(current, { announceDate: '', cutoverDate: '   ' });
      expect([edited.announceDate, edited.cutoverDate]).toEqual([null, null]);
      expect(mergeSettings(current, { cutoverDate: 20261101 }).cutoverDate).toBeNull();
    });

    it('a value that is not text, or a number left blank, keeps the current one', () => {
      expect(
        mergeSettings(current, {
          timeZone: 5,
          mode: 3,
          warnDays: '  ',
          minimumAge: true,
          unknownBirthDateRule: null,
        }),
      ).toEqual(current);
    });

    it('a text field emptied is taken as empty, for problemsOf to refuse', () => {
      const edited = mergeSettings(current, { timeZone: ' ', mode: '', unknownBirthDateRule: '' });
      expect([edited.timeZone, edited.mode, edited.unknownBirthDateRule]).toEqual(['', '', '']);
      expect(problemsOf(edited).map((p) => `${p.field}:${p.code}`)).toEqual([
        'timeZone:unknown_time_zone',
        'mode:unknown_mode',
        'unknownBirthDateRule:unknown_rule',
      ]);
    });

    it('numbers are read from text with spaces; text that is no number is kept as NaN for problemsOf to refuse', () => {
      const edited = mergeSettings(current, { warnDays: ' 7 ', minimumAge: 'fourteen' });
      expect(edited.warnDays).toBe(7);
      expect(edited.minimumAge).toBeNaN();
      expect(problemsOf(edited).map((p) => `${p.field}:${p.code}`)).toEqual(['minimumAge:out_of_range']);
    });

    it('roles come as a list or as comma-separated text; spaces and blanks are dropped', () => {
      expect(mergeSettings(current, { roles: ' staff , teacher,, ' }).roles).toEqual(['staff', 'teacher']);
      expect(mergeSettings(current, { roles: [' parent', '', 'student '] }).roles).toEqual([
        'parent',
        'student',
      ]);
      expect(mergeSettings(current, { roles: '' }).roles).toEqual([]);
    });

    it('values are not judged here: an unknown mode or role passes through for problemsOf to name', () => {
      const edited = mergeSettings(current, { mode: 'strict', roles: 'student,janitor' });
      expect([edited.mode, edited.roles]).toEqual(['strict', ['student', 'janitor']]);
      expect(problemsOf(edited).map((p) => `${p.field}:${p.code}`)).toEqual([
        'mode:unknown_mode',
        'roles:unknown_role',
      ]);
    });
  });
});
