import { createHash } from 'node:crypto';

/**
 * The few windows-1251 code points a password can use here: ASCII as is, А–я at 0xC0–0xFF, Ё and ё, and №.
 * Node has no windows-1251 encoder; anything else becomes '?', as a browser's form encoder would send it.
 */
function windows1251Byte(codePoint: number): number {
  if (codePoint < 0x80) return codePoint;
  if (codePoint >= 0x410 && codePoint <= 0x44f) return codePoint - 0x410 + 0xc0;
  if (codePoint === 0x401) return 0xa8;
  if (codePoint === 0x451) return 0xb8;
  if (codePoint === 0x2116) return 0xb9;
  return 0x3f;
}

/** The bytes of `text` in windows-1251 (the code page the vendor hashes passwords in). */
export function encodeWindows1251(text: string): Buffer {
  return Buffer.from([...text].map((c) => windows1251Byte(c.codePointAt(0)!)));
}

const md5Hex = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

/**
 * What the vendor's login takes instead of the password: pw2 = md5(salt + md5(windows-1251 password)) in
 * lowercase hex, and PW = pw2 cut to the password's length.
 */
export function passwordProof(salt: string, password: string): { pw2: string; PW: string } {
  const pw2 = md5Hex(salt + md5Hex(encodeWindows1251(password)));
  return { pw2, PW: pw2.slice(0, [...password].length) };
}
