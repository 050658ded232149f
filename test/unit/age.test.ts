import fc from 'fast-check';
import { ageAt, ageOn, birthdayIn, dateOfTurning } from '../../src/core/age';
import { RUSSIAN_TIME_ZONES } from '../../src/core/policy';
import {
  addDays,
  daysBetween,
  formatEsiaDate,
  formatIsoDate,
  localDate,
  localDateAt,
  parseEsiaDate,
  parseIsoDate,
  startOfLocalDay,
  type LocalDate,
} from '../../src/core/local-date';

const date = (iso: string): LocalDate => parseIsoDate(iso)!;
const zoneArb = fc.constantFrom(...RUSSIAN_TIME_ZONES);
const birthArb = fc
  .record({
    year: fc.integer({ min: 1950, max: 2025 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.nat(30),
  })
  .map(({ year, month, day }) => localDate(year, month, day + 1) ?? localDate(year, month, 28)!);
const instantArb = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2045-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('local dates', () => {
  it('parses and formats ISO and ESIA spellings, and refuses dates that do not exist', () => {
    expect(parseEsiaDate('29.02.2012')).toEqual({ year: 2012, month: 2, day: 29 });
    expect(formatEsiaDate(date('2012-02-29'))).toBe('29.02.2012');
    expect(formatIsoDate(parseEsiaDate('01.09.2026')!)).toBe('2026-09-01');
    for (const bad of [
      '2013-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '0000-01-01',
      '2026-9-1',
      'x',
    ]) {
      expect(parseIsoDate(bad)).toBeNull();
    }
    expect(parseEsiaDate('29.02.2013')).toBeNull();
    expect(parseEsiaDate('2026-09-01')).toBeNull();
  });

  it('round-trips every date through both spellings and day arithmetic', () => {
    fc.assert(
      fc.property(birthArb, fc.integer({ min: -40000, max: 40000 }), (d, n) => {
        expect(parseIsoDate(formatIsoDate(d))).toEqual(d);
        expect(parseEsiaDate(formatEsiaDate(d))).toEqual(d);
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });

  it('the Russian zones span UTC+2 to UTC+12 in 2026, every whole hour between taken', () => {
    const offsetOf = (zone: string) =>
      new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
        .formatToParts(new Date('2026-09-01T00:00:00Z'))
        .find((part) => part.type === 'timeZoneName')!.value;
    const offsets = new Set(RUSSIAN_TIME_ZONES.map(offsetOf));
    expect([...offsets].sort()).toEqual(
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((h) => `GMT+${String(h).padStart(2, '0')}:00`).sort(),
    );
    expect(offsetOf('Europe/Kaliningrad')).toBe('GMT+02:00');
    expect(offsetOf('Asia/Kamchatka')).toBe('GMT+12:00');
  });

  it('startOfLocalDay is local midnight in every Russian zone: the date begins there and not a moment before', () => {
    const clock = (zone: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', timeStyle: 'medium' });
    fc.assert(
      fc.property(instantArb, zoneArb, (instant, zone) => {
        const day = localDateAt(instant, zone);
        const midnight = startOfLocalDay(day, zone);
        expect(clock(zone).format(midnight)).toBe('00:00:00');
        expect(localDateAt(midnight, zone)).toEqual(day);
        expect(localDateAt(new Date(midnight.getTime() - 1), zone)).toEqual(addDays(day, -1));
        expect(midnight.getTime()).toBeLessThanOrEqual(instant.getTime());
      }),
    );
  });
});

describe('age', () => {
  it('a person is N from the start of their Nth birthday, not a day before', () => {
    expect(ageOn(date('2012-09-15'), date('2026-09-14'))).toBe(13);
    expect(ageOn(date('2012-09-15'), date('2026-09-15'))).toBe(14);
    expect(ageOn(date('2012-09-15'), date('2027-09-14'))).toBe(14);
  });

  it('born on 29 February: a year older on 28 February in common years, on 29 February in leap years', () => {
    const leapling = date('2012-02-29');
    expect(birthdayIn(leapling, 2026)).toEqual(date('2026-02-28'));
    expect(ageOn(leapling, date('2026-02-27'))).toBe(13);
    expect(ageOn(leapling, date('2026-02-28'))).toBe(14);
    expect(ageOn(leapling, date('2028-02-28'))).toBe(15);
    expect(ageOn(leapling, date('2028-02-29'))).toBe(16);
    expect(dateOfTurning(leapling, 14)).toEqual(date('2026-02-28'));
  });

  it('turns 14 at local midnight of the birthday: 13 one second before, in Moscow time', () => {
    const born = date('2012-09-15');
    expect(ageAt(born, new Date('2026-09-14T20:59:59Z'), 'Europe/Moscow')).toBe(13);
    expect(ageAt(born, new Date('2026-09-14T21:00:00Z'), 'Europe/Moscow')).toBe(14);
    // The same instant is already the 15th in Kamchatka and still the 14th in Kaliningrad.
    expect(ageAt(born, new Date('2026-09-14T12:00:00Z'), 'Asia/Kamchatka')).toBe(14);
    expect(ageAt(born, new Date('2026-09-14T21:59:59Z'), 'Europe/Kaliningrad')).toBe(13);
  });

  it('never decreases as time passes, in any Russian zone', () => {
    fc.assert(
      fc.property(birthArb, instantArb, instantArb, zoneArb, (born, a, b, zone) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(ageAt(born, early, zone)).toBeLessThanOrEqual(ageAt(born, late, zone));
      }),
    );
  });

  it('goes up by exactly one at local midnight of each birthday and nowhere else in the year', () => {
    fc.assert(
      fc.property(birthArb, fc.integer({ min: 1, max: 60 }), zoneArb, (born, years, zone) => {
        const turning = startOfLocalDay(dateOfTurning(born, years), zone);
        expect(ageAt(born, new Date(turning.getTime() - 1), zone)).toBe(years - 1);
        expect(ageAt(born, turning, zone)).toBe(years);
        const dayBeforeNext = addDays(dateOfTurning(born, years + 1), -1);
        expect(ageOn(born, dayBeforeNext)).toBe(years);
      }),
    );
  });
});
