/**
 * СНИЛС: the insurance number used to match school records (DESIGN §5.1). Personal data under 152-FZ: it is
 * stored only as a keyed HMAC or encrypted, and never logged; pages show `maskSnils` at most.
 */

/** Eleven digits, no separators: nine of the number, two check digits. Made only by `parseSnils`. */
export type Snils = string & { readonly __brand: 'Snils' };

/** Numbers up to 001-001-998 were issued before check digits existed: their check digits are not checked. */
export const LAST_UNCHECKED_SNILS = 1_001_998;

/** Why a string is not a SNILS: not eleven digits at all, or the check digits disagree (a typo). */
export type SnilsProblem = 'format' | 'checksum';

export type SnilsResult = { ok: true; snils: Snils } | { ok: false; problem: SnilsProblem };

/**
 * The eleven digits of `XXX-XXX-XXX YY`, `XXX XXX XXX YY`, `XXXXXXXXXYY` and other spellings made of digits,
 * spaces and hyphens (no-break spaces included, as pasted from documents); null for anything else.
 */
export function normalizeSnils(input: string): string | null {
  if (!/^[\d\s\-\u00a0\u2010-\u2012]+$/.test(input)) return null;
  const digits = input.replace(/\D/g, '');
  return digits.length === 11 ? digits : null;
}

/**
 * The check number of the first nine digits (DESIGN §6): Σ dᵢ·(9−i) for i = 0..8; below 100 it is the sum;
 * 100 and 101 give 00; above 101 the sum is taken mod 101, and a remainder of 100 gives 00 as well.
 */
export function snilsCheckNumber(nineDigits: string): number {
  if (!/^\d{9}$/.test(nineDigits)) throw new RangeError('snilsCheckNumber takes exactly nine digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (9 - i);
  if (sum < 100) return sum;
  if (sum <= 101) return 0;
  const rest = sum % 101;
  return rest === 100 ? 0 : rest;
}

/** Normalises and checks a SNILS; the result says which of format or check digits is wrong. */
export function parseSnils(input: string): SnilsResult {
  const digits = normalizeSnils(input);
  if (digits === null) return { ok: false, problem: 'format' };
  const number = digits.slice(0, 9);
  if (Number(number) > LAST_UNCHECKED_SNILS && snilsCheckNumber(number) !== Number(digits.slice(9))) {
    return { ok: false, problem: 'checksum' };
  }
  return { ok: true, snils: digits as Snils };
}

/** True for a well-formed SNILS whose check digits hold (or that is old enough to have none). */
export function isValidSnils(input: string): boolean {
  return parseSnils(input).ok;
}

/** The canonical spelling `XXX-XXX-XXX YY`, as ESIA sends it. */
export function formatSnils(snils: Snils): string {
  return `${snils.slice(0, 3)}-${snils.slice(3, 6)}-${snils.slice(6, 9)} ${snils.slice(9)}`;
}

/**
 * What a page may show: `***-***-*89 01`, enough for a person to recognise their number and too little to
 * identify them. Anything that is not eleven digits is masked entirely.
 */
export function maskSnils(input: string): string {
  const digits = normalizeSnils(input);
  if (digits === null) return '***-***-*** **';
  return `***-***-*${digits.slice(7, 9)} ${digits.slice(9)}`;
}
