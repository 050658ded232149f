import type { Clock } from '../core/clock';

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * ESIA's `timestamp`: `yyyy.MM.dd HH:mm:ss Z`, formatted by hand (Intl's output varies between ICU builds).
 * Written in Moscow time, as ESIA's own examples are; the offset makes any zone correct.
 */
export function formatEsiaTimestamp(at: Date, offsetMinutes = 180): string {
  const local = new Date(at.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const date = `${local.getUTCFullYear()}.${two(local.getUTCMonth() + 1)}.${two(local.getUTCDate())}`;
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
  return `${date} ${time} ${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}

/** The timestamp for a request made now. */
export function esiaTimestampNow(clock: Clock): string {
  return formatEsiaTimestamp(clock.now());
}
