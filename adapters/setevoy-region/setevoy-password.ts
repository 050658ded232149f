import { createHash } from 'node:crypto';
import { encode } from 'iconv-lite';

const md5Hex = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

/**
 * What the vendor's login takes instead of the password: pw2 = md5(salt + md5(windows-1251 password)) in
 * lowercase hex, and PW = pw2 cut to the password's length (nm17/netschoolapi netschoolapi.py `login`;
 * lentryd/NetSchoolApi passwordHash.ts, which encodes with iconv-lite as here). iconv-lite writes a character
 * outside the code page as '?', as a browser's form encoder does.
 */
export function passwordProof(salt: string, password: string): { pw2: string; PW: string } {
  const pw2 = md5Hex(salt + md5Hex(encode(password, 'windows-1251')));
  return { pw2, PW: pw2.slice(0, [...password].length) };
}
