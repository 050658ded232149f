/**
 * SNILS as the platform compares it: schools type it in every spelling («112-233-445 95», «11223344595»,
 * «112 233 445 95»), so only the eleven digits count. Written here, not imported: emulators share no code
 * with the gateway.
 */
export function snilsDigits(text: string | null | undefined): string | null {
  if (!text) return null;
  const digits = text.replace(/[\s\-–.]/g, '');
  return /^\d{11}$/.test(digits) ? digits : null;
}

/** The eleven digits in the canonical spelling «XXX-XXX-XXX YY». */
export function formatSnils(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9)}`;
}

/** Whether the check digits agree with the number (DESIGN §6 rule; numbers up to 001-001-998 have none). */
export function snilsChecksumOk(digits: string): boolean {
  const body = digits.slice(0, 9);
  if (Number(body) <= 1001998) return true;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (9 - i), 0);
  const mod = sum < 100 ? sum : sum % 101;
  return (mod === 100 ? 0 : mod) === Number(digits.slice(9));
}
