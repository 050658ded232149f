import { DerFormatError, derChildren, derOid, derValue, pemToDer, readDer, type DerNode } from './der.reader';

/** GOST R 34.10-2012 256-bit parameter sets node-gost-crypto knows, by OID (CryptoPro A/B/C and XchA/XchB). */
const CURVES: Record<string, string> = {
  '1.2.643.2.2.35.1': 'S-256-A',
  '1.2.643.2.2.35.2': 'S-256-B',
  '1.2.643.2.2.35.3': 'S-256-C',
  '1.2.643.2.2.36.0': 'S-256-A',
  '1.2.643.2.2.36.1': 'S-256-C',
};
const GOST_2012_256 = '1.2.643.7.1.1.1.1';

/** A GOST private key: the PEM for the engine, the little-endian scalar and curve for the JS fallback. */
export interface GostPrivateKey {
  pem: string;
  scalarLe: Buffer;
  curve: string;
}

/** A GOST public key from a certificate: SPKI DER for the engine, x‖y little-endian for the JS fallback. */
export interface GostPublicKey {
  spkiDer: Buffer;
  pointLe: Buffer;
  curve: string;
}

/** A certificate as the emulator uses it: PEM, DER (what client_certificate_hash is over) and its key. */
export interface GostCertificate {
  pem: string;
  der: Buffer;
  publicKey: GostPublicKey;
}

function curveOf(algorithm: DerNode): string {
  const [oid, params] = derChildren(algorithm);
  if (!oid || derOid(oid) !== GOST_2012_256 || !params) {
    throw new DerFormatError('not a GOST R 34.10-2012 256-bit key');
  }
  const paramset = derOid(derChildren(params)[0]!);
  const curve = CURVES[paramset];
  if (!curve) throw new DerFormatError(`GOST parameter set ${paramset} is not supported by the JS fallback`);
  return curve;
}

/** Reads a PKCS#8 GOST private key as gost-engine writes it (the scalar is stored little-endian). */
export function readGostPrivateKey(pem: string): GostPrivateKey {
  const [, algorithm, keyOctets] = derChildren(readDer(pemToDer(pem, 'PRIVATE KEY')));
  if (!algorithm || !keyOctets) throw new DerFormatError('not a PKCS#8 private key');
  let inner = derValue(keyOctets);
  // Some writers wrap the scalar once more (OCTET STRING or big-endian INTEGER) inside the PKCS#8 octets.
  if (inner[0] === 0x04 && inner.length === 34) inner = derValue(readDer(inner));
  else if (inner[0] === 0x02)
    inner = Buffer.from(derValue(readDer(inner)))
      .reverse()
      .subarray(0, 32);
  if (inner.length !== 32) throw new DerFormatError('unexpected GOST private key length');
  return { pem, scalarLe: Buffer.from(inner), curve: curveOf(algorithm) };
}

/** Reads a GOST certificate: its DER and its subject public key. */
export function readGostCertificate(pem: string): GostCertificate {
  const der = pemToDer(pem, 'CERTIFICATE');
  const tbs = derChildren(derChildren(readDer(der))[0]!);
  const spkiNode = tbs[tbs[0]!.tag === 0xa0 ? 6 : 5];
  if (!spkiNode) throw new DerFormatError('certificate without a subject public key');
  const [algorithm, bitString] = derChildren(spkiNode);
  if (!algorithm || !bitString || bitString.tag !== 0x03)
    throw new DerFormatError('malformed subject public key');
  const point = derValue(readDer(derValue(bitString).subarray(1)));
  if (point.length !== 64) throw new DerFormatError('unexpected GOST public key length');
  const spkiDer = der.subarray(spkiNode.offset, spkiNode.end);
  return {
    pem,
    der,
    publicKey: { spkiDer: Buffer.from(spkiDer), pointLe: Buffer.from(point), curve: curveOf(algorithm) },
  };
}
