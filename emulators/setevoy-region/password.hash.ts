import { createHash } from 'node:crypto';
import { encodeWindows1251 } from './windows-1251';

const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

/**
 * What the real sign-in page sends instead of the password: pw2 = md5(salt + md5(password in windows-1251)),
 * both as lowercase hex, and PW = pw2 cut to the password's length (the server can check the length).
 */
export function passwordProof(salt: string, password: string): { pw2: string; PW: string } {
  const pw2 = md5(salt + md5(encodeWindows1251(password)));
  return { pw2, PW: pw2.slice(0, [...password].length) };
}
