import { SignerKeyUnsupportedError } from './signer.errors';

/**
 * Just enough DER to pull GOST key material out of PKCS#8, SubjectPublicKeyInfo and X.509, so that the
 * JavaScript fallback and the checks work on a machine where OpenSSL cannot parse GOST keys at all.
 */

/** id-tc26-gost3410-12-256: the only key algorithm ESIA's GOST3410_2012_256 uses. */
export const GOST_2012_256_OID = '1.2.643.7.1.1.1.1';

interface Tlv {
  readonly tag: number;
  readonly value: Buffer;
  readonly end: number;
}

function readTlv(buf: Buffer, offset: number): Tlv {
  if (offset + 2 > buf.length) throw new SignerKeyUnsupportedError('truncated DER');
  const tag = buf[offset]!;
  let length = buf[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw new SignerKeyUnsupportedError('unsupported DER length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + buf[offset + 2 + i]!;
    header += bytes;
  }
  const end = offset + header + length;
  if (end > buf.length) throw new SignerKeyUnsupportedError('truncated DER');
  return { tag, value: buf.subarray(offset + header, end), end };
}

function children(value: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < value.length;) {
    const tlv = readTlv(value, at);
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

function decodeOid(value: Buffer): string {
  const parts: number[] = [];
  let n = 0;
  for (const byte of value) {
    n = n * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (parts.length === 0)
        parts.push(Math.min(2, Math.floor(n / 40)), n - Math.min(2, Math.floor(n / 40)) * 40);
      else parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new SignerKeyUnsupportedError(`unexpected DER structure at ${what}`);
  return tlv;
}

/** Algorithm and curve (paramset) OIDs of a GOST key's AlgorithmIdentifier. */
function readAlgorithm(tlv: Tlv | undefined): { algorithmOid: string; paramsetOid: string } {
  const [alg, params] = children(expect(tlv, 0x30, 'AlgorithmIdentifier').value);
  const algorithmOid = decodeOid(expect(alg, 0x06, 'algorithm').value);
  const [paramset] = children(expect(params, 0x30, 'GOST key parameters').value);
  return { algorithmOid, paramsetOid: decodeOid(expect(paramset, 0x06, 'paramset').value) };
}

/** A GOST public key: the curve and the point as 64 bytes x‖y, each little-endian (the SPKI's own encoding). */
export interface GostPublicKeyInfo {
  readonly algorithmOid: string;
  readonly paramsetOid: string;
  readonly point: Buffer;
}

/** A GOST private key: the curve and the secret scalar, 32 bytes little-endian (gost-engine's PKCS#8 encoding). */
export interface GostPrivateKeyInfo {
  readonly algorithmOid: string;
  readonly paramsetOid: string;
  readonly secretLittleEndian: Buffer;
}

/** Strips the PEM armour; a DER buffer passes through. */
export function pemToDer(input: string | Buffer, label: string): Buffer {
  const text = Buffer.isBuffer(input) ? input.toString('latin1') : input;
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text);
  if (match) return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
  if (Buffer.isBuffer(input) && input[0] === 0x30) return input;
  throw new SignerKeyUnsupportedError(`expected a PEM "${label}" block`);
}

/** Parses a GOST SubjectPublicKeyInfo. */
export function parseGostSpki(spki: Buffer): GostPublicKeyInfo {
  const [algorithm, bits] = children(expect(readTlv(spki, 0), 0x30, 'SubjectPublicKeyInfo').value);
  const { algorithmOid, paramsetOid } = readAlgorithm(algorithm);
  const bitString = expect(bits, 0x03, 'subjectPublicKey').value;
  const point = expect(readTlv(bitString.subarray(1), 0), 0x04, 'public key octets').value;
  if (point.length !== 64) throw new SignerKeyUnsupportedError(`a ${point.length * 4}-bit GOST public key`);
  return { algorithmOid, paramsetOid, point: Buffer.from(point) };
}

/** Parses an unencrypted GOST PKCS#8 private key; accepts the raw, nested-octet and INTEGER forms of the secret. */
export function parseGostPkcs8(der: Buffer): GostPrivateKeyInfo {
  const [, algorithm, key] = children(expect(readTlv(der, 0), 0x30, 'PrivateKeyInfo').value);
  const { algorithmOid, paramsetOid } = readAlgorithm(algorithm);
  let secret = expect(key, 0x04, 'privateKey').value;
  if (secret.length !== 32) {
    const inner = readTlv(secret, 0);
    if (inner.tag === 0x04) secret = inner.value;
    else if (inner.tag === 0x02) {
      // An INTEGER is big-endian; the rest of this module speaks little-endian.
      const be = inner.value.subarray(Math.max(0, inner.value.length - 32));
      secret = Buffer.concat([Buffer.alloc(32 - be.length), be]).reverse();
    }
  }
  if (secret.length !== 32) throw new SignerKeyUnsupportedError('a GOST private key that is not 256 bits');
  return { algorithmOid, paramsetOid, secretLittleEndian: Buffer.from(secret) };
}

/** The DER of an X.509 certificate's SubjectPublicKeyInfo (re-encoded from its parsed value). */
export function certificateSpki(certificateDer: Buffer): Buffer {
  const [tbs] = children(expect(readTlv(certificateDer, 0), 0x30, 'Certificate').value);
  const fields = children(expect(tbs, 0x30, 'TBSCertificate').value);
  // With the explicit [0] version the SPKI is the seventh field, without it the sixth.
  const spki = expect(fields[fields[0]?.tag === 0xa0 ? 6 : 5], 0x30, 'SubjectPublicKeyInfo');
  return encodeTlv(0x30, spki.value);
}

function encodeTlv(tag: number, value: Buffer): Buffer {
  const len = value.length;
  const lenBytes =
    len < 0x80
      ? Buffer.from([len])
      : len < 0x100
        ? Buffer.from([0x81, len])
        : Buffer.from([0x82, len >> 8, len & 0xff]);
  return Buffer.concat([Buffer.from([tag]), lenBytes, value]);
}
