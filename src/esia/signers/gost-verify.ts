import crypto from 'node:crypto';
import {
  certificateSpki,
  GOST_2012_256_OID,
  parseGostSpki,
  pemToDer,
  type GostPublicKeyInfo,
} from './gost-der';
import { engineStreebog256, enginePublicKey, engineVerify, isGostEngineLoaded } from './gost-engine';
import { jsStreebog256, jsVerify } from './gost-js';
import type { GostSignatureByteOrder } from './signer';
import { SignerKeyUnsupportedError } from './signer.errors';

/** A certificate (PEM or DER), an SPKI public key (PEM), or a KeyObject made by the engine. */
export type GostVerificationKey = string | Buffer | crypto.KeyObject;

/** Streebog-256 of `data`: through gost-engine when loaded, else in JavaScript (the same digest, tested). */
export function streebog256(data: Buffer): Buffer {
  return isGostEngineLoaded() ? engineStreebog256(data) : jsStreebog256(data);
}

/** Reverses all 64 bytes: converts between OpenSSL's order (s‖r big-endian) and CryptoPro's (r‖s little-endian). */
export function reverseGostSignature(signature: Buffer): Buffer {
  return Buffer.from(signature).reverse();
}

/** The GOST public key inside a certificate or SPKI, parsed without OpenSSL (for the JavaScript path). */
export function gostPublicKeyInfo(key: string | Buffer): GostPublicKeyInfo {
  const text = Buffer.isBuffer(key) ? key.toString('latin1') : key;
  const info = text.includes('BEGIN PUBLIC KEY')
    ? parseGostSpki(pemToDer(key, 'PUBLIC KEY'))
    : parseGostSpki(certificateSpki(pemToDer(key, 'CERTIFICATE')));
  if (info.algorithmOid !== GOST_2012_256_OID)
    throw new SignerKeyUnsupportedError(`key algorithm ${info.algorithmOid} is not GOST R 34.10-2012 (256)`);
  return info;
}

/**
 * Verifies a raw GOST R 34.10-2012/256 signature (Streebog-256 over `data`). For a JWT signed GOST3410_2012_256,
 * `data` is the ASCII `header.payload` and `signature` the base64url-decoded third part. The default byte order is
 * OpenSSL's, which is what ESIA's client_secret uses and what public ESIA clients pass to `openssl dgst -verify`
 * unchanged for ESIA's tokens (docs/decisions/0002-gost-signing.md); 'cryptopro' reverses it first.
 * Returns false for a wrong signature; throws only for an unusable key.
 */
export function verifyGost(
  data: Buffer,
  signature: Buffer,
  key: GostVerificationKey,
  options: { byteOrder?: GostSignatureByteOrder } = {},
): boolean {
  if (signature.length !== 64) return false;
  const openSslOrder = options.byteOrder === 'cryptopro' ? reverseGostSignature(signature) : signature;
  if (isGostEngineLoaded()) {
    const publicKey = enginePublicKey(key);
    if (publicKey.asymmetricKeyType !== undefined)
      throw new SignerKeyUnsupportedError(`a ${publicKey.asymmetricKeyType} key is not a GOST key`);
    return engineVerify(data, openSslOrder, publicKey);
  }
  if (key instanceof crypto.KeyObject) throw new SignerKeyUnsupportedError('a KeyObject needs gost-engine');
  const info = gostPublicKeyInfo(key);
  return jsVerify(data, openSslOrder, info.point, info.paramsetOid);
}
