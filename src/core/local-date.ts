/**
 * Calendar dates without a time zone (birth dates, cutover dates) and how they meet instants in a tenant's
 * IANA time zone. Intl is the only source of zone rules: it is pure computation, not I/O.
 */

/** A calendar date as people write it: no time, no zone. Always valid when made by this module. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MS_PER_DAY = 86_400_000;

/** Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A valid LocalDate, or null for 31 April, month 13, year 0 and the like. Years 1–9999 only. */
export function localDate(year: number, month: number, day: number): LocalDate | null {
  const ints = [year, month, day].every(Number.isInteger);
  if (!ints || year < 1 || year > 9999 || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** True when the value is a LocalDate that exists on the calendar (guards data from outside). */
export function isValidLocalDate(value: LocalDate | null | undefined): value is LocalDate {
  return value !== null && value !== undefined && localDate(value.year, value.month, value.day) !== null;
}

/** Parses ISO `YYYY-MM-DD` (what Postgres `date` and our APIs speak). */
export function parseIsoDate(text: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? localDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** Parses ESIA's `dd.MM.yyyy` (the person API's birthDate). */
export function parseEsiaDate(text: string): LocalDate | null {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text.trim());
  return m ? localDate(Number(m[3]), Number(m[2]), Number(m[1])) : null;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `YYYY-MM-DD`. */
export function formatIsoDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** `dd.MM.yyyy`, as ESIA and Russian pages write dates. */
export function formatEsiaDate(date: LocalDate): string {
  return `${pad(date.day, 2)}.${pad(date.month, 2)}.${pad(date.year, 4)}`;
}

/** Days since 1970-01-01 on the proleptic Gregorian calendar; the basis of date arithmetic. */
function epochDay(date: LocalDate): number {
  const utc = new Date(0);
  utc.setUTCFullYear(date.year, date.month - 1, date.day);
  return Math.floor(utc.getTime() / MS_PER_DAY);
}

function fromEpochDay(days: number): LocalDate {
  const d = new Date(days * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The date `days` calendar days later (or earlier, when negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(epochDay(date) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return epochDay(to) - epochDay(from);
}

// Formatters are costly to build and are asked for on every decision: one per zone, kept for the process.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in a zone, as if it were UTC (milliseconds dropped). */
function wallClockMs(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instantMs))) parts[p.type] = Number(p.value);
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year!, parts.month! - 1, parts.day!);
  return wall.getTime() + ((parts.hour! * 60 + parts.minute!) * 60 + parts.second!) * 1000;
}

/** True when Intl knows the zone and it is a named IANA zone, not a bare offset such as `+03:00`. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z]/.test(timeZone)) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date an instant falls on in a zone. Throws RangeError for a zone Intl does not know. */
export function localDateAt(instant: Date, timeZone: string): LocalDate {
  const ms = instant.getTime();
  const day = currentDays.get(timeZone);
  if (day && ms >= day.from && ms < day.to) return fromEpochDay(day.epochDay);
  const epochDay = computeEpochDayAt(ms, timeZone);
  rememberDay(ms, epochDay, timeZone);
  return fromEpochDay(epochDay);
}

function computeEpochDayAt(ms: number, timeZone: string): number {
  return Math.floor(wallClockMs(ms, timeZone) / MS_PER_DAY);
}

// Every decision asks for today's date in its zone (an Intl formatToParts call each): the local day an instant
// fell on is kept per zone as the span of instants it covers, and used while the clock stays inside it.
const currentDays = new Map<string, { from: number; to: number; epochDay: number }>();

/** Remembers the local day of `ms` as [from, to), only when the zone's offset holds all day (no clock change). */
function rememberDay(ms: number, epochDay: number, timeZone: string): void {
  const offsetAt = (t: number) => wallClockMs(t, timeZone) - (t - (((t % 1000) + 1000) % 1000));
  const offset = offsetAt(ms);
  const from = epochDay * MS_PER_DAY - offset;
  const to = from + MS_PER_DAY;
  if (offsetAt(from) !== offset || offsetAt(to - 1) !== offset || offsetAt(from + MS_PER_DAY / 2) !== offset)
    return;
  if (currentDays.size >= 1000) currentDays.clear();
  currentDays.set(timeZone, { from, to, epochDay });
}

/**
 * The first instant of a local date in a zone: local midnight, or the end of the gap when a clock change
 * skips midnight (never in Russia since 1930, but the zone is data and could be any IANA zone).
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  // Every decision asks for the same few (cutover, announce) midnights: the answer never changes for a
  // zone and a date, so it is computed once (each computation costs several Intl formatToParts calls).
  const key = `${timeZone}|${epochDay(date)}`;
  let ms = midnights.get(key);
  if (ms === undefined) {
    ms = computeStartOfLocalDay(date, timeZone).getTime();
    if (midnights.size >= 10_000) midnights.clear();
    midnights.set(key, ms);
  }
  return new Date(ms);
}

const midnights = new Map<string, number>();

function computeStartOfLocalDay(date: LocalDate, timeZone: string): Date {
  const wall = epochDay(date) * MS_PER_DAY;
  // Two passes settle the offset even when the first guess lands on the other side of a transition.
  let t = wall - (wallClockMs(wall, timeZone) - wall);
  t = wall - (wallClockMs(t, timeZone) - t);
  const isStart = (ms: number) =>
    compareLocalDates(fromEpochDay(computeEpochDayAt(ms, timeZone)), date) >= 0 &&
    compareLocalDates(fromEpochDay(computeEpochDayAt(ms - 1, timeZone)), date) < 0;
  if (isStart(t)) return new Date(t);
  // Midnight does not exist here: search for the first instant whose local date is `date` (offsets < 26 h).
  let lo = wall - 26 * 3_600_000;
  let hi = wall + 26 * 3_600_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (compareLocalDates(fromEpochDay(computeEpochDayAt(mid, timeZone)), date) >= 0) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}
