import { createHash } from 'node:crypto';
import { encode } from 'iconv-lite';

const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

/**
 * What the real sign-in page sends instead of the password: pw2 = md5(salt + md5(password in windows-1251)),
 * both as lowercase hex, and PW = pw2 cut to the password's length (nm17/netschoolapi netschoolapi.py `login`,
 * lentryd/NetSchoolApi passwordHash.ts, which encodes with iconv-lite as here). A character outside the code
 * page becomes '?', as iconv-lite and a browser's form encoder write it.
 */
export function passwordProof(salt: string, password: string): { pw2: string; PW: string } {
  const pw2 = md5(salt + md5(encode(password, 'windows-1251')));
  return { pw2, PW: pw2.slice(0, [...password].length) };
}
