import fc from 'fast-check';
import { DateTime } from 'luxon';
import { ageAt, ageOn, birthdayIn, dateOfTurning } from '../../src/core/age';
import { localDate, parseIsoDate, type LocalDate } from '../../src/core/local-date';
import { RUSSIAN_TIME_ZONES } from '../../src/core/policy';

// Expected ages come from Luxon (its own calendar: adding N years to 29 February lands on 28 February in a
// common year, as DESIGN §5.4 wants) or are written out; never from src/core/age.ts.
const date = (iso: string): LocalDate => parseIsoDate(iso)!;
const luxonDay = (d: LocalDate) => DateTime.fromObject(d, { zone: 'UTC' });
/** Whole years from birth to a local date, by Luxon's calendar difference. */
const luxonAge = (birth: LocalDate, on: LocalDate) =>
  Math.floor(luxonDay(on).diff(luxonDay(birth), 'years').years);
/** The local date of an instant in a zone, by Luxon's zone rules. */
const luxonLocalDate = (instant: Date, zone: string): LocalDate => {
  const t = DateTime.fromJSDate(instant, { zone });
  return { year: t.year, month: t.month, day: t.day };
};
const asLocalDate = (t: DateTime): LocalDate => ({ year: t.year, month: t.month, day: t.day });

const zoneArb = fc.constantFrom(...RUSSIAN_TIME_ZONES);
const birthArb = fc
  .record({
    year: fc.integer({ min: 1900, max: 2030 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => localDate(year, month, day) ?? localDate(year, month, 28)!);
/** Birthdays where a 28-for-29 slip would show: late February and the 28th to 31st of every month. */
const edgyBirthArb = fc
  .record({
    year: fc.integer({ min: 1900, max: 2030 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 27, max: 31 }),
  })
  .map(({ year, month, day }) => localDate(year, month, day) ?? localDate(year, month, 28)!);
const instantArb = fc.date({
  min: new Date('1950-01-01T00:00:00Z'),
  max: new Date('2080-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('birthdays', () => {
  it('a birthday is the same month and day every year', () => {
    expect(birthdayIn(date('2012-09-15'), 2026)).toEqual(date('2026-09-15'));
    expect(birthdayIn(date('2012-02-28'), 2026)).toEqual(date('2026-02-28'));
    expect(birthdayIn(date('2011-02-10'), 2026)).toEqual(date('2026-02-10'));
    expect(birthdayIn(date('2012-03-29'), 2026)).toEqual(date('2026-03-29'));
    expect(birthdayIn(date('2012-01-29'), 2027)).toEqual(date('2027-01-29'));
    expect(birthdayIn(date('2012-12-31'), 2026)).toEqual(date('2026-12-31'));
  });

  it('born on 29 February: the birthday is 28 February in common years and 29 February in leap years', () => {
    const leapling = date('2012-02-29');
    expect(birthdayIn(leapling, 2026)).toEqual(date('2026-02-28'));
    expect(birthdayIn(leapling, 2028)).toEqual(date('2028-02-29'));
    expect(birthdayIn(leapling, 2000)).toEqual(date('2000-02-29'));
    expect(birthdayIn(leapling, 2100)).toEqual(date('2100-02-28'));
  });

  it('agrees with Luxon for every birth date and year, 29 February included', () => {
    fc.assert(
      fc.property(edgyBirthArb, fc.integer({ min: 0, max: 120 }), (birth, years) => {
        const year = birth.year + years;
        expect(birthdayIn(birth, year)).toEqual(asLocalDate(luxonDay(birth).plus({ years })));
        expect(dateOfTurning(birth, years)).toEqual(asLocalDate(luxonDay(birth).plus({ years })));
      }),
    );
  });
});

describe('age', () => {
  it('a person is N from the start of their Nth birthday, not a day before', () => {
    expect(ageOn(date('2012-09-15'), date('2026-09-14'))).toBe(13);
    expect(ageOn(date('2012-09-15'), date('2026-09-15'))).toBe(14);
    expect(ageOn(date('2012-09-15'), date('2027-09-14'))).toBe(14);
    expect(ageOn(date('2012-09-15'), date('2012-09-15'))).toBe(0);
    expect(ageOn(date('2012-09-15'), date('2012-09-14'))).toBe(-1);
  });

  it('born on 29 February: a year older on 28 February in common years, on 29 February in leap years', () => {
    const leapling = date('2012-02-29');
    expect(ageOn(leapling, date('2026-02-27'))).toBe(13);
    expect(ageOn(leapling, date('2026-02-28'))).toBe(14);
    expect(ageOn(leapling, date('2028-02-28'))).toBe(15);
    expect(ageOn(leapling, date('2028-02-29'))).toBe(16);
    expect(dateOfTurning(leapling, 14)).toEqual(date('2026-02-28'));
  });

  it('born on another February day or on the 29th of another month: the birthday does not move', () => {
    expect(ageOn(date('2012-02-10'), date('2026-02-09'))).toBe(13);
    expect(ageOn(date('2012-02-10'), date('2026-02-10'))).toBe(14);
    expect(ageOn(date('2012-03-29'), date('2026-03-28'))).toBe(13);
    expect(ageOn(date('2012-03-29'), date('2026-03-29'))).toBe(14);
    expect(ageOn(date('2012-01-29'), date('2027-01-28'))).toBe(14);
    expect(ageOn(date('2012-01-29'), date('2027-02-28'))).toBe(15);
  });

  it('agrees with Luxon on any birth date and any later local date', () => {
    fc.assert(
      fc.property(birthArb, fc.integer({ min: 0, max: 365 * 120 }), (birth, days) => {
        const on = asLocalDate(luxonDay(birth).plus({ days }));
        expect(ageOn(birth, on)).toBe(luxonAge(birth, on));
      }),
    );
    fc.assert(
      fc.property(
        edgyBirthArb,
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: -2, max: 2 }),
        (b, y, d) => {
          const on = asLocalDate(luxonDay(b).plus({ years: y, days: d }));
          fc.pre(DateTime.fromObject(on) >= DateTime.fromObject(b));
          expect(ageOn(b, on)).toBe(luxonAge(b, on));
        },
      ),
    );
  });

  it('turns 14 at local midnight of the birthday: 13 one second before, in Moscow time', () => {
    const born = date('2012-09-15');
    expect(ageAt(born, new Date('2026-09-14T20:59:59Z'), 'Europe/Moscow')).toBe(13);
    expect(ageAt(born, new Date('2026-09-14T21:00:00Z'), 'Europe/Moscow')).toBe(14);
    // The same instant is already the 15th in Kamchatka and still the 14th in Kaliningrad.
    expect(ageAt(born, new Date('2026-09-14T12:00:00Z'), 'Asia/Kamchatka')).toBe(14);
    expect(ageAt(born, new Date('2026-09-14T21:59:59Z'), 'Europe/Kaliningrad')).toBe(13);
  });

  it('at any instant in any Russian zone, the age on that local date as Luxon counts it', () => {
    fc.assert(
      fc.property(birthArb, instantArb, zoneArb, (born, instant, zone) => {
        const today = luxonLocalDate(instant, zone);
        fc.pre(DateTime.fromObject(today) >= DateTime.fromObject(born));
        expect(ageAt(born, instant, zone)).toBe(luxonAge(born, today));
      }),
    );
  });

  it('goes up by exactly one at local midnight of each birthday, by Luxon’s clock and calendar', () => {
    fc.assert(
      fc.property(edgyBirthArb, fc.integer({ min: 1, max: 60 }), zoneArb, (born, years, zone) => {
        const turning = DateTime.fromObject(born, { zone }).plus({ years }).startOf('day').toJSDate();
        expect(ageAt(born, new Date(turning.getTime() - 1), zone)).toBe(years - 1);
        expect(ageAt(born, turning, zone)).toBe(years);
      }),
    );
  });
});
