/**
 * СНИЛС: the insurance number used to match school records (DESIGN §5.1). Personal data under 152-FZ: it is
 * stored only as a keyed HMAC or encrypted, and never logged; pages show `maskSnils` at most.
 */

/** Eleven digits, no separators: nine of the number, two check digits. Made only by `parseSnils`. */
export type Snils = string & { readonly __brand: 'Snils' };

/** Numbers up to 001-001-998 were issued before check digits existed: their check digits are not checked. */
export const LAST_UNCHECKED_SNILS = 1_001_998;

/**
 * Why a string is not a SNILS: nothing there, a character that is neither an ASCII digit nor a separator
 * (a letter, a dot, a Unicode digit such as «１» or «٣»), not exactly eleven digits, or check digits that
 * disagree with the number (a typo).
 */
export type SnilsProblem = 'empty' | 'characters' | 'length' | 'checksum';

export type SnilsResult = { ok: true; snils: Snils } | { ok: false; problem: SnilsProblem };

/**
 * What people and systems put between the groups: any space (no-break spaces included, as pasted from
 * documents), the hyphen and its typographic cousins (U+2010–U+2014: hyphen, non-breaking hyphen, figure
 * dash, en dash, em dash) and the minus sign U+2212. Word processors turn a typed hyphen into any of them.
 */
const SEPARATORS = /[\s\u2010-\u2014\u2212-]/g;

/** Why `input` is not eleven ASCII digits once separators are dropped, or its digits. */
function digitsOf(input: string): { digits: string } | { problem: Exclude<SnilsProblem, 'checksum'> } {
  const digits = input.replace(SEPARATORS, '');
  if (digits === '') return { problem: 'empty' };
  // `[0-9]`, never `\d` with the u flag or `Number()`: a Unicode digit is refused, not read as ASCII.
  if (!/^[0-9]+$/.test(digits)) return { problem: 'characters' };
  return digits.length === 11 ? { digits } : { problem: 'length' };
}

/** The eleven digits of any spelling `parseSnils` reads, check digits not checked; null for anything else. */
export function normalizeSnils(input: string): string | null {
  const read = digitsOf(input);
  return 'digits' in read ? read.digits : null;
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

/**
 * The one reading of a SNILS in this project (issue 20): separators dropped, exactly eleven ASCII digits, the
 * check digits held against the number by the Pension Fund's rule. The result says what is wrong.
 */
export function parseSnils(input: string): SnilsResult {
  const read = digitsOf(input);
  if (!('digits' in read)) return { ok: false, problem: read.problem };
  const { digits } = read;
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

/** The canonical spelling `XXX-XXX-XXX YY`, as ESIA sends it and the adapters' contract speaks. */
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

/** `XXX-XXX-XXX YY` of a valid SNILS in any spelling, or null: what adapters hand the gateway and vendors. */
export function canonicalSnils(input: string | null | undefined): string | null {
  if (input === null || input === undefined) return null;
  const parsed = parseSnils(input);
  return parsed.ok ? formatSnils(parsed.snils) : null;
}

/**
 * `XXX-XXX-XXX YY` of any eleven digits `parseSnils` would read, the check digits NOT checked; null otherwise.
 * For what a school's record holds: a typo there must still be compared with ESIA's number, so that the link is
 * refused as «data differ» and the school corrects it, rather than the record's number being ignored.
 */
export function spelledSnils(input: string | null | undefined): string | null {
  const digits = input === null || input === undefined ? null : normalizeSnils(input);
  return digits === null ? null : formatSnils(digits as Snils);
}
