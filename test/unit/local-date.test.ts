import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addDays,
  compareLocalDates,
  daysBetween,
  daysInMonth,
  formatEsiaDate,
  formatIsoDate,
  isKnownTimeZone,
  isLeapYear,
  isValidLocalDate,
  localDate,
  localDateAt,
  parseEsiaDate,
  parseIsoDate,
  startOfLocalDay,
  type LocalDate,
} from '../../src/core/local-date';
import { RUSSIAN_TIME_ZONES } from '../../src/core/policy';

// The oracle is Luxon (zone rules and calendar arithmetic of its own), used only here; expected values never come
// from src/core/local-date.ts.
const luxonDate = (d: LocalDate) => DateTime.fromObject(d, { zone: 'UTC' });
const luxonLocalDate = (instant: Date, zone: string): LocalDate => {
  const t = DateTime.fromJSDate(instant, { zone });
  return { year: t.year, month: t.month, day: t.day };
};
/** The first instant of the date in the zone: Luxon moves a midnight that a clock change skips forward. */
const luxonStartOfDay = (d: LocalDate, zone: string): Date =>
  DateTime.fromObject(d, { zone }).startOf('day').toJSDate();
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

/** Zones whose clocks change (some at midnight, some by 30 or 45 minutes), besides Russia's fixed offsets. */
const CHANGING_ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'America/Asuncion',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Asia/Beirut',
  'Asia/Amman',
  'America/Nuuk',
  'Pacific/Chatham',
  'Pacific/Apia',
];
const zoneArb = fc.constantFrom(...RUSSIAN_TIME_ZONES, ...CHANGING_ZONES, 'UTC');
const anyDateArb = fc
  .record({
    year: fc.integer({ min: 1, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => ({
    year,
    month,
    day: Math.min(day, luxonDate({ year, month, day: 1 }).daysInMonth!),
  }));
const instantArb = (min: string, max: string) =>
  fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true });

describe('the calendar', () => {
  it('Gregorian leap years: every fourth year, but not centuries unless divisible by 400', () => {
    expect([2024, 2000, 1600, 2400].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2026, 1900, 2100, 1800, 2023].map(isLeapYear)).toEqual([false, false, false, false, false]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (year) => {
        expect(isLeapYear(year)).toBe(DateTime.fromObject({ year }, { zone: 'UTC' }).isInLeapYear);
      }),
    );
  });

  it('days in each month agree with Luxon in every year', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        expect(daysInMonth(year, month)).toBe(luxonDate({ year, month, day: 1 }).daysInMonth);
      }),
    );
  });

  it('a LocalDate exists only for whole numbers, years 1 to 9999, months 1 to 12, days of that month', () => {
    expect(localDate(2026, 9, 1)).toEqual({ year: 2026, month: 9, day: 1 });
    expect(localDate(1, 1, 1)).toEqual({ year: 1, month: 1, day: 1 });
    expect(localDate(9999, 12, 31)).toEqual({ year: 9999, month: 12, day: 31 });
    expect(localDate(2026, 1, 31)).not.toBeNull();
    expect(localDate(2026, 12, 1)).not.toBeNull();
    for (const [y, m, d] of [
      [0, 1, 1],
      [10000, 1, 1],
      [2026, 0, 1],
      [2026, 13, 1],
      [2026, 9, 0],
      [2026, 9, 31],
      [2026, 2, 29],
      [2026, 9, 1.5],
      [2026, 8.5, 1],
      [2026.5, 9, 1],
      [Number.NaN, 9, 1],
    ]) {
      expect(localDate(y!, m!, d!)).toBeNull();
    }
  });

  it('isValidLocalDate guards data from outside: null, undefined and impossible dates are not dates', () => {
    expect(isValidLocalDate({ year: 2000, month: 2, day: 29 })).toBe(true);
    expect(isValidLocalDate(null)).toBe(false);
    expect(isValidLocalDate(undefined)).toBe(false);
    expect(isValidLocalDate({ year: 1900, month: 2, day: 29 })).toBe(false);
    expect(isValidLocalDate({ year: 2026, month: 4, day: 31 })).toBe(false);
  });

  it('compares dates by year, then month, then day', () => {
    fc.assert(
      fc.property(anyDateArb, anyDateArb, (a, b) => {
        const expected = Math.sign(luxonDate(a).toMillis() - luxonDate(b).toMillis());
        expect(Math.sign(compareLocalDates(a, b))).toBe(expected);
      }),
    );
    expect(
      compareLocalDates({ year: 2026, month: 1, day: 31 }, { year: 2025, month: 12, day: 1 }),
    ).toBeGreaterThan(0);
    expect(
      compareLocalDates({ year: 2026, month: 2, day: 1 }, { year: 2026, month: 1, day: 31 }),
    ).toBeGreaterThan(0);
    expect(
      compareLocalDates({ year: 2026, month: 2, day: 1 }, { year: 2026, month: 2, day: 2 }),
    ).toBeLessThan(0);
    expect(compareLocalDates({ year: 2026, month: 2, day: 1 }, { year: 2026, month: 2, day: 1 })).toBe(0);
  });

  it('adds and counts calendar days as Luxon does, across centuries and the years before 100', () => {
    expect(addDays({ year: 2026, month: 2, day: 28 }, 1)).toEqual({ year: 2026, month: 3, day: 1 });
    expect(addDays({ year: 2000, month: 2, day: 28 }, 1)).toEqual({ year: 2000, month: 2, day: 29 });
    expect(addDays({ year: 50, month: 12, day: 31 }, 1)).toEqual({ year: 51, month: 1, day: 1 });
    expect(daysBetween({ year: 2026, month: 8, day: 2 }, { year: 2026, month: 9, day: 1 })).toBe(30);
    fc.assert(
      fc.property(anyDateArb, fc.integer({ min: -3_000_000, max: 3_000_000 }), (d, n) => {
        const expected = luxonDate(d).plus({ days: n });
        fc.pre(expected.year >= 1 && expected.year <= 9999);
        expect(addDays(d, n)).toEqual({ year: expected.year, month: expected.month, day: expected.day });
      }),
    );
    fc.assert(
      fc.property(anyDateArb, anyDateArb, (a, b) => {
        expect(daysBetween(a, b)).toBe(luxonDate(b).diff(luxonDate(a), 'days').days);
      }),
    );
  });
});

describe('ISO and ESIA spellings', () => {
  it('parses YYYY-MM-DD and dd.MM.yyyy, surrounding spaces aside', () => {
    expect(parseIsoDate('2026-09-01')).toEqual({ year: 2026, month: 9, day: 1 });
    expect(parseIsoDate(' 2026-09-01\n')).toEqual({ year: 2026, month: 9, day: 1 });
    expect(parseEsiaDate('01.09.2026')).toEqual({ year: 2026, month: 9, day: 1 });
    expect(parseEsiaDate(' 29.02.2012 ')).toEqual({ year: 2012, month: 2, day: 29 });
  });

  it('refuses anything but the whole date: times, extra text, short fields, day 0, fractions', () => {
    for (const bad of [
      '2026-09-01T00:00',
      '2026-09-01Z',
      'x2026-09-01',
      '12026-09-01',
      '2026-09-011',
      '2026-9-1',
      '2026-09-00',
      '2026-00-10',
      '2026-13-01',
      '2026-04-31',
      '0000-01-01',
      '2026-09-1.5',
      '2026.09.01',
      '',
      'x',
    ]) {
      expect([bad, parseIsoDate(bad)]).toEqual([bad, null]);
    }
    for (const bad of [
      '01.09.2026 00:00',
      'x01.09.2026',
      '01.09.20261',
      '1.9.2026',
      '00.09.2026',
      '32.01.2026',
      '2026-09-01',
      '01-09-2026',
      '',
    ]) {
      expect([bad, parseEsiaDate(bad)]).toEqual([bad, null]);
    }
  });

  it('29 February exists in 2000 and in leap years, not in 1900, 2100 or a common year', () => {
    expect(parseIsoDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseEsiaDate('29.02.2000')).toEqual({ year: 2000, month: 2, day: 29 });
    for (const bad of ['1900-02-29', '2100-02-29', '2026-02-29']) expect(parseIsoDate(bad)).toBeNull();
    expect(parseEsiaDate('29.02.1900')).toBeNull();
  });

  it('formats with leading zeros, and every date survives a round trip through both spellings', () => {
    expect(formatIsoDate({ year: 5, month: 3, day: 7 })).toBe('0005-03-07');
    expect(formatEsiaDate({ year: 5, month: 3, day: 7 })).toBe('07.03.0005');
    expect(formatIsoDate({ year: 2026, month: 12, day: 31 })).toBe('2026-12-31');
    expect(formatEsiaDate({ year: 2026, month: 12, day: 31 })).toBe('31.12.2026');
    fc.assert(
      fc.property(anyDateArb, (d) => {
        expect(formatIsoDate(d)).toBe(luxonDate(d).toFormat('yyyy-MM-dd'));
        expect(formatEsiaDate(d)).toBe(luxonDate(d).toFormat('dd.MM.yyyy'));
        expect(parseIsoDate(formatIsoDate(d))).toEqual(d);
        expect(parseEsiaDate(formatEsiaDate(d))).toEqual(d);
      }),
    );
  });
});

describe('time zones', () => {
  it('knows named IANA zones and refuses bare offsets and made-up names', () => {
    expect(isKnownTimeZone('Europe/Moscow')).toBe(true);
    expect(isKnownTimeZone('Asia/Kamchatka')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    for (const bad of ['+03:00', '-05:00', '03:00', 'Europe/Mordor', '', ' Europe/Moscow']) {
      expect([bad, isKnownTimeZone(bad)]).toEqual([bad, false]);
    }
  });

  it('the Russian zones span UTC+2 to UTC+12 in 2026, every whole hour between taken', () => {
    const offsetOf = (zone: string) => DateTime.fromISO('2026-09-01T00:00:00Z', { zone }).offset / 60;
    const offsets = new Set(RUSSIAN_TIME_ZONES.map(offsetOf));
    expect([...offsets].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(offsetOf('Europe/Kaliningrad')).toBe(2);
    expect(offsetOf('Asia/Kamchatka')).toBe(12);
  });
});

describe('localDateAt: the calendar date of an instant in a zone', () => {
  it('the hour after local midnight is already the new date: 00:00:00, 00:00:01, 00:30, 00:59:59', () => {
    // Moscow is UTC+3: 1 September 00:00 MSK is 31 August 21:00 UTC.
    const sept1 = { year: 2026, month: 9, day: 1 };
    for (const utc of ['21:00:00.000', '21:00:01.000', '21:00:59.000', '21:30:00.000', '21:59:59.999']) {
      // Another day is asked for first, so that each probe is computed rather than remembered.
      localDateAt(new Date('2026-06-15T12:00:00Z'), 'Europe/Moscow');
      expect([utc, localDateAt(new Date(`2026-08-31T${utc}Z`), 'Europe/Moscow')]).toEqual([utc, sept1]);
    }
    localDateAt(new Date('2026-06-15T12:00:00Z'), 'Europe/Moscow');
    expect(localDateAt(new Date('2026-08-31T20:59:59.999Z'), 'Europe/Moscow')).toEqual({
      year: 2026,
      month: 8,
      day: 31,
    });
    // Kamchatka (UTC+12): 12:00:30 UTC is 00:00:30 the next day.
    expect(localDateAt(new Date('2026-09-14T12:00:30Z'), 'Asia/Kamchatka')).toEqual({
      year: 2026,
      month: 9,
      day: 15,
    });
  });

  it('agrees with Luxon for any instant in Russian zones and in zones whose clocks change', () => {
    fc.assert(
      fc.property(instantArb('1900-01-01T00:00:00Z', '2100-01-01T00:00:00Z'), zoneArb, (instant, zone) => {
        expect(localDateAt(instant, zone)).toEqual(luxonLocalDate(instant, zone));
      }),
      { numRuns: 300 },
    );
  });

  it('a remembered day holds exactly from its first instant to the next one, in either direction', () => {
    // Each run first asks for some instant (so that its day is remembered), then for the edges of that day
    // and of its neighbours: a day remembered too wide or shifted would answer one of them wrongly.
    fc.assert(
      fc.property(instantArb('1900-01-01T00:00:00Z', '2100-01-01T00:00:00Z'), zoneArb, (instant, zone) => {
        const today = luxonLocalDate(instant, zone);
        localDateAt(instant, zone);
        const start = luxonStartOfDay(today, zone);
        const next = DateTime.fromJSDate(start, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
        for (const probe of [ms(start, -1), start, ms(next, -1), next, ms(next, 1000), ms(start, -1000)]) {
          localDateAt(instant, zone);
          expect(localDateAt(probe, zone)).toEqual(luxonLocalDate(probe, zone));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('on a day the clock changes, an instant after the change is not answered with the day before', () => {
    // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST, so that day ends at 22:00 UTC, not at 23:00.
    localDateAt(new Date('2026-03-29T00:30:00Z'), 'Europe/Berlin');
    expect(localDateAt(new Date('2026-03-29T22:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 3,
      day: 30,
    });
    // 25 October 2026: 03:00 CEST becomes 02:00 CET, the day lasts 25 hours and ends at 23:00 UTC.
    localDateAt(new Date('2026-10-25T05:00:00Z'), 'Europe/Berlin');
    expect(localDateAt(new Date('2026-10-24T22:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 10,
      day: 25,
    });
    expect(localDateAt(new Date('2026-10-25T22:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 10,
      day: 25,
    });
  });

  it('on days the clock changes, whichever instant is asked first, the day’s edges are answered right', () => {
    // Each day: its zone, the day, and instants before and after that day's clock change.
    const days: Array<[string, LocalDate, string[]]> = [
      ['Europe/Berlin', { year: 2026, month: 3, day: 29 }, ['2026-03-29T00:30:00Z', '2026-03-29T10:00:00Z']],
      ['Europe/Berlin', { year: 2026, month: 10, day: 25 }, ['2026-10-25T00:30:00Z', '2026-10-25T10:00:00Z']],
      ['America/Santiago', { year: 2024, month: 9, day: 8 }, ['2024-09-08T10:00:00Z']],
      [
        'America/Santiago',
        { year: 2024, month: 4, day: 6 },
        ['2024-04-06T12:00:00Z', '2024-04-07T03:30:00Z'],
      ],
      [
        'Australia/Lord_Howe',
        { year: 2026, month: 4, day: 5 },
        ['2026-04-04T13:30:00Z', '2026-04-05T02:00:00Z'],
      ],
      // Nuuk changed its clock in the evening (22:00 became 23:00): only the day's last instant shows it.
      ['America/Nuuk', { year: 2022, month: 3, day: 26 }, ['2022-03-26T12:00:00Z']],
      // Amman went back from 01:00 to 00:00: 29 October 2021 had two midnights.
      ['Asia/Amman', { year: 2021, month: 10, day: 29 }, ['2021-10-28T21:30:00Z', '2021-10-29T12:00:00Z']],
    ];
    for (const [zone, day, firsts] of days) {
      const start = luxonStartOfDay(day, zone);
      const next = DateTime.fromJSDate(start, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
      for (const first of firsts) {
        for (const probe of [ms(start, -1), start, ms(next, -1), next]) {
          localDateAt(new Date(first), zone);
          expect([zone, first, probe, localDateAt(probe, zone)]).toEqual([
            zone,
            first,
            probe,
            luxonLocalDate(probe, zone),
          ]);
        }
      }
    }
  });

  describe('the remembered day (the cost of a decision)', () => {
    let formatToParts: jest.SpiedFunction<Intl.DateTimeFormat['formatToParts']>;
    beforeEach(() => {
      formatToParts = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    });
    afterEach(() => formatToParts.mockRestore());

    it('later instants of the same local day are answered without asking Intl again, in a fixed-offset zone', () => {
      localDateAt(new Date('2026-09-01T03:00:00Z'), 'Asia/Omsk');
      formatToParts.mockClear();
      for (const utc of ['2026-08-31T18:00:00Z', '2026-09-01T10:00:00Z', '2026-09-01T17:59:59.999Z']) {
        expect(localDateAt(new Date(utc), 'Asia/Omsk')).toEqual({ year: 2026, month: 9, day: 1 });
      }
      expect(formatToParts).not.toHaveBeenCalled();
      expect(localDateAt(new Date('2026-09-01T18:00:00Z'), 'Asia/Omsk')).toEqual({
        year: 2026,
        month: 9,
        day: 2,
      });
      expect(formatToParts).toHaveBeenCalled();
    });

    it('is remembered also before 1970 and at instants with milliseconds', () => {
      localDateAt(new Date('1960-05-10T05:00:00.123Z'), 'UTC');
      formatToParts.mockClear();
      expect(localDateAt(new Date('1960-05-10T23:59:59.999Z'), 'UTC')).toEqual({
        year: 1960,
        month: 5,
        day: 10,
      });
      expect(localDateAt(new Date('1960-05-10T00:00:00.000Z'), 'UTC')).toEqual({
        year: 1960,
        month: 5,
        day: 10,
      });
      expect(formatToParts).not.toHaveBeenCalled();
    });

    it('builds one clock reader per zone, for the life of the process', () => {
      const construct = jest.spyOn(Intl, 'DateTimeFormat');
      try {
        localDateAt(new Date('2026-01-10T00:00:00Z'), 'Africa/Nairobi');
        localDateAt(new Date('2026-05-10T00:00:00Z'), 'Africa/Nairobi');
        expect(isKnownTimeZone('Africa/Nairobi')).toBe(true);
        expect(construct).toHaveBeenCalledTimes(1);
      } finally {
        construct.mockRestore();
      }
    });

    it('a day whose clock changes at its very end is remembered all the same (Tehran, 21 March 2022, at 24:00)', () => {
      localDateAt(new Date('2022-03-21T08:30:00Z'), 'Asia/Tehran');
      formatToParts.mockClear();
      expect(localDateAt(new Date('2022-03-21T20:29:59.999Z'), 'Asia/Tehran')).toEqual({
        year: 2022,
        month: 3,
        day: 21,
      });
      expect(formatToParts).not.toHaveBeenCalled();
    });

    it('a day on which the clock changes is never remembered: each instant is computed', () => {
      localDateAt(new Date('2026-03-29T00:30:00Z'), 'Europe/Berlin');
      formatToParts.mockClear();
      expect(localDateAt(new Date('2026-03-29T00:40:00Z'), 'Europe/Berlin')).toEqual({
        year: 2026,
        month: 3,
        day: 29,
      });
      expect(formatToParts).toHaveBeenCalled();
    });
  });
});

describe('startOfLocalDay: the first instant of a date in a zone', () => {
  it('is local midnight in every Russian zone and wherever midnight exists, as Luxon says', () => {
    fc.assert(
      fc.property(instantArb('1950-01-01T00:00:00Z', '2060-01-01T00:00:00Z'), zoneArb, (instant, zone) => {
        const day = luxonLocalDate(instant, zone);
        expect(startOfLocalDay(day, zone)).toEqual(luxonStartOfDay(day, zone));
      }),
      { numRuns: 300 },
    );
  });

  it('where a clock change skips midnight, the day starts when the clocks resume', () => {
    // Santiago, 8 September 2024: 00:00 -04 became 01:00 -03; Havana, 10 March 2024: 00:00 CST became 01:00 CDT.
    expect(startOfLocalDay({ year: 2024, month: 9, day: 8 }, 'America/Santiago').toISOString()).toBe(
      '2024-09-08T04:00:00.000Z',
    );
    expect(startOfLocalDay({ year: 2024, month: 3, day: 10 }, 'America/Havana').toISOString()).toBe(
      '2024-03-10T05:00:00.000Z',
    );
    // The day before still starts at its own midnight, and the skipped hour belongs to no date.
    expect(startOfLocalDay({ year: 2024, month: 9, day: 7 }, 'America/Santiago').toISOString()).toBe(
      '2024-09-07T04:00:00.000Z',
    );
    // East of Greenwich the day starts before its UTC midnight: Tehran (2022) and Beirut (2024) skipped 00:00.
    expect(startOfLocalDay({ year: 2022, month: 3, day: 22 }, 'Asia/Tehran').toISOString()).toBe(
      '2022-03-21T20:30:00.000Z',
    );
    expect(startOfLocalDay({ year: 2024, month: 3, day: 31 }, 'Asia/Beirut').toISOString()).toBe(
      '2024-03-30T22:00:00.000Z',
    );
    // Where midnight comes twice (Amman, 29 October 2021: 01:00 went back to 00:00), the day starts at the first.
    expect(startOfLocalDay({ year: 2021, month: 10, day: 29 }, 'Asia/Amman').toISOString()).toBe(
      '2021-10-28T21:00:00.000Z',
    );
    // Samoa skipped 30 December 2011 entirely: that date begins when 31 December does.
    expect(startOfLocalDay({ year: 2011, month: 12, day: 30 }, 'Pacific/Apia').toISOString()).toBe(
      '2011-12-30T10:00:00.000Z',
    );
    expect(startOfLocalDay({ year: 2011, month: 12, day: 31 }, 'Pacific/Apia').toISOString()).toBe(
      '2011-12-30T10:00:00.000Z',
    );
  });

  describe('its cost (every decision asks for the cutover’s midnight)', () => {
    let formatToParts: jest.SpiedFunction<Intl.DateTimeFormat['formatToParts']>;
    beforeEach(() => {
      formatToParts = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    });
    afterEach(() => formatToParts.mockRestore());

    it('where midnight exists it is found directly, in at most four readings of the zone’s clock', () => {
      fc.assert(
        fc.property(
          anyDateArb,
          fc.constantFrom(...RUSSIAN_TIME_ZONES, 'Europe/Berlin', 'America/New_York'),
          (d, zone) => {
            fc.pre(d.year >= 1900 && d.year <= 2100);
            formatToParts.mockClear();
            startOfLocalDay(d, zone);
            expect(formatToParts.mock.calls.length).toBeLessThanOrEqual(4);
          },
        ),
        { numRuns: 50 },
      );
    });

    it('also on the days the clock changes, as long as midnight itself exists', () => {
      for (const [day, zone] of [
        [{ year: 2026, month: 3, day: 29 }, 'Europe/Berlin'],
        [{ year: 2026, month: 10, day: 25 }, 'Europe/Berlin'],
        [{ year: 2026, month: 3, day: 8 }, 'America/New_York'],
        [{ year: 2026, month: 4, day: 5 }, 'Australia/Lord_Howe'],
      ] as const) {
        const expected = luxonStartOfDay(day, zone);
        formatToParts.mockClear();
        const start = startOfLocalDay(day, zone);
        expect([zone, day, formatToParts.mock.calls.length <= 4]).toEqual([zone, day, true]);
        expect(start).toEqual(expected);
      }
    });

    it('the same date in the same zone is computed once', () => {
      startOfLocalDay({ year: 2031, month: 9, day: 1 }, 'Asia/Chita');
      formatToParts.mockClear();
      expect(startOfLocalDay({ year: 2031, month: 9, day: 1 }, 'Asia/Chita').toISOString()).toBe(
        '2031-08-31T15:00:00.000Z',
      );
      expect(formatToParts).not.toHaveBeenCalled();
    });
  });

  it('gives the same instant when asked again, and a fresh Date each time', () => {
    const cutover = { year: 2026, month: 9, day: 1 };
    const first = startOfLocalDay(cutover, 'Asia/Yekaterinburg');
    first.setTime(0);
    expect(startOfLocalDay(cutover, 'Asia/Yekaterinburg').toISOString()).toBe('2026-08-31T19:00:00.000Z');
  });
});
