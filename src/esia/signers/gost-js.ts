import type * as NodeGostCrypto from 'node-gost-crypto';
import { SignerKeyUnsupportedError, SignerUnavailableError } from './signer.errors';

/**
 * Pure-JavaScript GOST through node-gost-crypto, for machines without gost-engine (development only: ~10 ms a
 * signature against ~0.06 ms in the engine). Byte orders, checked against gost-engine in the tests:
 * keys are little-endian as in PKCS#8/SPKI; the library writes a signature as r‖s little-endian (CryptoPro's
 * order), which is exactly the reverse of OpenSSL's s‖r big-endian.
 */

// GOST R 34.10-2012/256 curves by paramset OID. tc26 paramSetA (1.2.643.7.1.2.1.1.1) is a twisted Edwards curve
// that node-gost-crypto does not implement (its "T-256-A" is an alias of CryptoPro-A), so it is refused.
const CURVES: Record<string, string> = {
  '1.2.643.2.2.35.1': 'S-256-A', // CryptoPro-A
  '1.2.643.2.2.35.2': 'S-256-B', // CryptoPro-B
  '1.2.643.2.2.35.3': 'S-256-C', // CryptoPro-C
  '1.2.643.2.2.36.0': 'S-256-A', // CryptoPro-XchA
  '1.2.643.2.2.36.1': 'S-256-C', // CryptoPro-XchB
  '1.2.643.7.1.2.1.1.2': 'S-256-A', // tc26 paramSetB = CryptoPro-A
  '1.2.643.7.1.2.1.1.3': 'S-256-B', // tc26 paramSetC = CryptoPro-B
  '1.2.643.7.1.2.1.1.4': 'S-256-C', // tc26 paramSetD = CryptoPro-C
};

const STREEBOG_256 = { name: 'GOST R 34.11', version: 2012, length: 256 };

let library: typeof NodeGostCrypto | undefined;

/**
 * Loads node-gost-crypto lazily, and only where WebCrypto's getRandomValues exists: the library captures
 * `global.crypto` when loaded and otherwise draws the per-signature secret k from Math.random, which would leak
 * the private key from a handful of signatures.
 */
function gostEngine(): typeof NodeGostCrypto.gostEngine {
  if (!library) {
    if (typeof globalThis.crypto?.getRandomValues !== 'function')
      throw new SignerUnavailableError(
        'no WebCrypto getRandomValues: the JavaScript GOST signer would use Math.random',
      );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    library = require('node-gost-crypto') as typeof NodeGostCrypto;
  }
  return library.gostEngine;
}

function signerFor(paramsetOid: string) {
  const namedCurve = CURVES[paramsetOid];
  if (!namedCurve)
    throw new SignerKeyUnsupportedError(
      `GOST curve ${paramsetOid} is not supported by the JavaScript signer`,
    );
  return gostEngine().getGostSign({
    name: 'GOST R 34.10',
    version: 2012,
    length: 256,
    namedCurve,
    hash: STREEBOG_256,
  });
}

/** True when the JavaScript fallback can use keys on this curve. */
export function jsSupportsCurve(paramsetOid: string): boolean {
  return paramsetOid in CURVES;
}

/** Streebog-256 in JavaScript; equal to gost-engine's md_gost12_256 (tested). */
export function jsStreebog256(data: Buffer): Buffer {
  return Buffer.from(gostEngine().getGostDigest(STREEBOG_256).digest(new Uint8Array(data)));
}

/** Signs with a little-endian secret; returns OpenSSL's byte order. */
export function jsSign(data: Buffer, secretLittleEndian: Buffer, paramsetOid: string): Buffer {
  const cryptoProOrder = withFreshRandomness(() =>
    signerFor(paramsetOid).sign(new Uint8Array(secretLittleEndian), new Uint8Array(data)),
  );
  return Buffer.from(cryptoProOrder).reverse();
}

/** Signing attempts before the library's fault is passed on (each fails with chance ≈ 1/400). */
const SIGN_ATTEMPTS = 3;

/**
 * node-gost-crypto 1.0.2's modular inverse calls a `subtract` it never defines on one rare branch, so about one
 * signature in 400 throws `ReferenceError: subtract is not defined` (measured: 1 of 400 with CryptoPro-A). The
 * branch depends on the random nonce of the signature, so signing again with a fresh one succeeds; any other
 * error, and the third such failure in a row, is passed on. (Verification inverts the message hash, not a
 * random value: it cannot be retried, and gost-engine does it in production.)
 */
export function withFreshRandomness<T>(sign: () => T, attempts = SIGN_ATTEMPTS): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return sign();
    } catch (err) {
      const libraryFault = err instanceof ReferenceError && /\bsubtract\b/.test(err.message);
      if (!libraryFault || attempt >= attempts) throw err;
    }
  }
}

/** Verifies a signature in OpenSSL's byte order against a point (x‖y little-endian, as in the SPKI). */
export function jsVerify(data: Buffer, signature: Buffer, point: Buffer, paramsetOid: string): boolean {
  if (signature.length !== 64) return false;
  const cryptoProOrder = new Uint8Array(Buffer.from(signature).reverse());
  return signerFor(paramsetOid).verify(new Uint8Array(point), cryptoProOrder, new Uint8Array(data));
}
