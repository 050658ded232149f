import crypto from 'node:crypto';

/**
 * Node's own OpenSSL with Debian's gost-engine, loaded through OPENSSL_CONF before Node starts
 * (scripts/with-gost-engine.js). Two facts measured on Node 20.20 / OpenSSL 3.0 shape this module:
 *
 * - A GOST digest (createHash, crypto.hash) leaves a stale error in OpenSSL's error queue (the provider fetch
 *   fails before the engine's legacy digest is found). The next key parse of ANY algorithm then fails with
 *   ERR_OSSL_EVP_UNSUPPORTED, once. So every engine digest here is followed by a drain, and key parsing retries once.
 * - `crypto.getHashes()` does not list engine digests: availability is found by trying one.
 */

const GOST_DIGEST = 'md_gost12_256';
let engineLoaded: boolean | undefined;

/** Empties OpenSSL's thread error queue: randomFillSync clears it on return (measured), and it costs ~1 µs. */
function drainOpenSslErrors(): void {
  crypto.randomFillSync(Buffer.alloc(1));
}

/** True when gost-engine is loaded into this process's OpenSSL (decided once: OpenSSL config is read at start). */
export function isGostEngineLoaded(): boolean {
  if (engineLoaded === undefined) {
    try {
      crypto.createHash(GOST_DIGEST);
      engineLoaded = true;
    } catch {
      engineLoaded = false;
    }
    drainOpenSslErrors();
  }
  return engineLoaded;
}

/** Streebog-256 through the engine, leaving OpenSSL's error queue clean for the next key parse. */
export function engineStreebog256(data: Buffer): Buffer {
  const digest = crypto.createHash(GOST_DIGEST).update(data).digest();
  drainOpenSslErrors();
  return digest;
}

function withStaleErrorRetry<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_OSSL_EVP_UNSUPPORTED') throw error;
    // The failed call popped the stale error; a genuinely unsupported key fails the second time too.
    return parse();
  }
}

/** Parses a private key (PEM/DER) with the engine; see the module note for why it may retry once. */
export function enginePrivateKey(pem: string | Buffer): crypto.KeyObject {
  return withStaleErrorRetry(() => crypto.createPrivateKey(pem));
}

/** Parses a certificate or SPKI public key with the engine. */
export function enginePublicKey(input: string | Buffer | crypto.KeyObject): crypto.KeyObject {
  if (input instanceof crypto.KeyObject)
    return input.type === 'private' ? crypto.createPublicKey(input) : input;
  return withStaleErrorRetry(() => crypto.createPublicKey(input));
}

/** Raw 64-byte signature, OpenSSL's byte order (s‖r, big-endian). */
export function engineSign(data: Buffer, key: crypto.KeyObject): Buffer {
  return crypto.sign(GOST_DIGEST, data, key);
}

/** Verifies a raw 64-byte signature in OpenSSL's byte order. */
export function engineVerify(data: Buffer, signature: Buffer, key: crypto.KeyObject): boolean {
  return crypto.verify(GOST_DIGEST, data, key, signature);
}
