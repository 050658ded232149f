/**
 * A birth date from outside (ESIA, a vendor's request, a diary's profile, a school record) is believed only when
 * it could be somebody's birth date (issue 20): a calendar date, not in the future, not before 1900. Anything
 * else is treated as absent, so that the next source is asked; a date of 2031 must not end the search and make
 * a 15-year-old look unborn.
 */
import { compareLocalDates, localDateAt, parseEsiaDate, parseIsoDate, type LocalDate } from './local-date';

/**
 * Why a birth date is not believed: not written as the source's spelling (`format`), a day the calendar lacks
 * such as 31.02 (`not_a_date`), after today (`future`), or before 1900 (`before_1900`: the vendors' way of
 * writing «unknown», .NET's 0001-01-01 among them).
 */
export type BirthDateProblem = 'format' | 'not_a_date' | 'future' | 'before_1900';

export type BirthDateResult = { ok: true; date: LocalDate } | { ok: false; problem: BirthDateProblem };

/** How a source writes dates: ISO `YYYY-MM-DD` (our APIs, the adapters) or ESIA's `dd.MM.yyyy`. */
export type DateSpelling = 'iso' | 'esia';

const SHAPES: Record<DateSpelling, { shape: RegExp; parse: (text: string) => LocalDate | null }> = {
  iso: { shape: /^\d{4}-\d{2}-\d{2}$/, parse: parseIsoDate },
  esia: { shape: /^\d{2}\.\d{2}\.\d{4}$/, parse: parseEsiaDate },
};

export const EARLIEST_BIRTH_YEAR = 1900;

/** Reads a birth date and says why it is not one. `today` is the latest date it may be. */
export function parseBirthDate(
  text: string,
  today: LocalDate,
  spelling: DateSpelling = 'iso',
): BirthDateResult {
  const { shape, parse } = SHAPES[spelling];
  if (!shape.test(text.trim())) return { ok: false, problem: 'format' };
  const date = parse(text);
  if (!date) return { ok: false, problem: 'not_a_date' };
  if (date.year < EARLIEST_BIRTH_YEAR) return { ok: false, problem: 'before_1900' };
  if (compareLocalDates(date, today) > 0) return { ok: false, problem: 'future' };
  return { ok: true, date };
}

/**
 * The latest calendar date anywhere on Earth at this instant (UTC+14, Kiritimati): what «not in the future»
 * means for a source that has no time zone of its own, such as ESIA. A child born today in Kamchatka is born.
 */
export function latestDateOnEarth(now: Date): LocalDate {
  return localDateAt(now, 'Pacific/Kiritimati');
}
