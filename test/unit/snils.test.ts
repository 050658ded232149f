import fc from 'fast-check';
import {
  canonicalSnils,
  spelledSnils,
  formatSnils,
  isValidSnils,
  maskSnils,
  normalizeSnils,
  parseSnils,
  snilsCheckNumber,
  type Snils,
} from '../../src/core/snils';
import { snilsFormsOf } from '../fixtures/snils-forms';

// Worked by hand from DESIGN §6 (weights 9..1 over the nine digits), not by the code under test.
const VALID = {
  'sum below 100 is the check number (1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95)': '112-233-445 95',
  'sum 97': '141-042-409 97',
  'sum exactly 100 gives 00': '132-109-302 00',
  'sum exactly 101 gives 00': '404-003-712 00',
  'sum 184 above 101: 184 mod 101 = 83': '256-514-574 83',
  'sum 201: 201 mod 101 = 100, which gives 00': '637-345-331 00',
  'sum 202: 202 mod 101 = 0': '206-885-656 00',
  'the first checked number, 001-001-999: sum 65': '001-001-999 65',
};

/** DESIGN §6 written another way, as the oracle of the properties: one remainder, then 100 becomes 00. */
const referenceCheck = (nine: string): number => {
  const sum = [...nine].reduce((total, digit, i) => total + Number(digit) * (9 - i), 0);
  const check = sum < 100 ? sum : sum % 101;
  return check === 100 ? 0 : check;
};

describe('SNILS', () => {
  it.each(Object.entries(VALID))('accepts a valid number: %s', (_, snils) => {
    expect(parseSnils(snils)).toEqual({ ok: true, snils: snils.replace(/\D/g, '') });
  });

  it('computes the check number by the rule at each branch', () => {
    expect(snilsCheckNumber('112233445')).toBe(95);
    expect(snilsCheckNumber('132109302')).toBe(0);
    expect(snilsCheckNumber('404003712')).toBe(0);
    expect(snilsCheckNumber('256514574')).toBe(83);
    expect(snilsCheckNumber('637345331')).toBe(0);
    expect(snilsCheckNumber('999999999')).toBe(405 % 101);
  });

  it('numbers up to 001-001-998 carry no check digits; from 001-001-999 on they are checked', () => {
    expect(isValidSnils('001-001-998 00')).toBe(true);
    expect(isValidSnils('001-001-998 77')).toBe(true);
    expect(isValidSnils('000-000-001 42')).toBe(true);
    expect(parseSnils('001-001-999 00')).toEqual({ ok: false, problem: 'checksum' });
  });

  it('refuses a typo: any single digit changed makes a checked number invalid', () => {
    const digits = '11223344595';
    for (let i = 0; i < 11; i++) {
      for (let d = 0; d <= 9; d++) {
        if (Number(digits[i]) === d) continue;
        const typo = digits.slice(0, i) + d + digits.slice(i + 1);
        expect([typo, isValidSnils(typo)]).toEqual([typo, false]);
      }
    }
  });

  it('catches a one-digit typo in any checked number, unless both sums land on 00', () => {
    // Weights 1..9 times a digit change of 1..9 move the sum by at most 81 < 101, so two sums share a check
    // number only when both map to 00 (100, 101, or a remainder of 0 or 100): the rule's one blind spot.
    const nine = fc.integer({ min: 1_002_000, max: 999_999_999 }).map((n) => String(n).padStart(9, '0'));
    fc.assert(
      fc.property(nine, fc.nat(8), fc.integer({ min: 1, max: 9 }), (number, at, shift) => {
        const check = String(referenceCheck(number)).padStart(2, '0');
        expect(snilsCheckNumber(number)).toBe(referenceCheck(number));
        expect(isValidSnils(number + check)).toBe(true);
        const typo = number.slice(0, at) + ((Number(number[at]) + shift) % 10) + number.slice(at + 1);
        const blindSpot = referenceCheck(number) === 0 && referenceCheck(typo) === 0;
        if (Number(typo) > 1_001_998 && !blindSpot) expect(isValidSnils(typo + check)).toBe(false);
        const otherCheck = String((Number(check) + shift) % 100).padStart(2, '0');
        expect(isValidSnils(number + otherCheck)).toBe(false);
      }),
    );
  });

  it('the check number is taken of exactly nine digits, nothing else', () => {
    for (const bad of ['12345678', '1234567890', '12345678a', 'a12345678', '']) {
      expect(() => snilsCheckNumber(bad)).toThrow(
        new RangeError('snilsCheckNumber takes exactly nine digits'),
      );
    }
  });

  it('the blind spot is real: sums 100 and 101 both give 00', () => {
    expect(isValidSnils('132-109-302 00')).toBe(true);
    expect(isValidSnils('132-109-303 00')).toBe(true);
  });

  describe.each(['112-233-445 95', '256-514-574 83', '637-345-331 00'])('every form of %s', (valid) => {
    const digits = valid.replace(/\D/g, '');
    it.each(snilsFormsOf(digits).map((f) => [f.label, f.form, f.expected] as const))(
      '%s: %j is %s',
      (_label, form, expected) => {
        const parsed = parseSnils(form);
        if (expected === 'valid') {
          expect(parsed).toEqual({ ok: true, snils: digits });
          expect(canonicalSnils(form)).toBe(valid);
        } else {
          expect(parsed).toEqual({ ok: false, problem: expected });
          expect(canonicalSnils(form)).toBeNull();
        }
        // Check digits aside, the normaliser reads exactly the forms whose problem is not the check.
        if (expected === 'valid') expect(normalizeSnils(form)).toBe(digits);
        else if (expected !== 'checksum') expect(normalizeSnils(form)).toBeNull();
      },
    );
  });

  it('the table holds at least 30 forms, valid and broken in every way', () => {
    const forms = snilsFormsOf('11223344595');
    expect(forms.length).toBeGreaterThanOrEqual(30);
    expect(new Set(forms.map((f) => f.expected))).toEqual(
      new Set(['valid', 'empty', 'characters', 'length', 'checksum']),
    );
  });

  it('a school record’s SNILS keeps its typo, spelled canonically; only eleven digits are spelled at all', () => {
    expect(spelledSnils('136 478 952–00')).toBe('136-478-952 00');
    expect(parseSnils('136-478-952 00')).toEqual({ ok: false, problem: 'checksum' });
    expect(spelledSnils('11223344595')).toBe('112-233-445 95');
    for (const bad of ['1364789520', '136.478.952 00', '', null, undefined])
      expect(spelledSnils(bad)).toBeNull();
  });

  it('an absent SNILS has no canonical form', () => {
    expect(canonicalSnils(null)).toBeNull();
    expect(canonicalSnils(undefined)).toBeNull();
  });

  it('formats as ESIA does and masks all but the last two digits of the number and the check', () => {
    expect(formatSnils('11223344595' as Snils)).toBe('112-233-445 95');
    expect(maskSnils('112-233-445 95')).toBe('***-***-*45 95');
    expect(maskSnils('not a snils')).toBe('***-***-*** **');
    expect(maskSnils('112-233-445 95')).not.toMatch(/112|233/);
  });
});
