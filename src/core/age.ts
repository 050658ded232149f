import { compareLocalDates, isLeapYear, localDateAt, type LocalDate } from './local-date';

/**
 * The date in `year` on which a person born on `birthDate` turns a year older. Someone born on 29 February
 * turns a year older on 28 February in common years (DESIGN §5.4): on the last day of the month they were
 * born in, never a day into the next one.
 */
export function birthdayIn(birthDate: LocalDate, year: number): LocalDate {
  if (birthDate.month === 2 && birthDate.day === 29 && !isLeapYear(year)) return { year, month: 2, day: 28 };
  return { year, month: birthDate.month, day: birthDate.day };
}

/**
 * Age in whole years on a local date: a person is N from the start of their Nth birthday. Negative when the
 * date is before the birth date (bad data; the policy treats such a birth date as unknown).
 */
export function ageOn(birthDate: LocalDate, on: LocalDate): number {
  const years = on.year - birthDate.year;
  return compareLocalDates(on, birthdayIn(birthDate, on.year)) < 0 ? years - 1 : years;
}

/** Age in whole years at an instant, counted on the local date of that instant in the tenant's zone. */
export function ageAt(birthDate: LocalDate, now: Date, timeZone: string): number {
  return ageOn(birthDate, localDateAt(now, timeZone));
}

/** The local date on which a person reaches `age` (their `age`th birthday). */
export function dateOfTurning(birthDate: LocalDate, age: number): LocalDate {
  return birthdayIn(birthDate, birthDate.year + age);
}
