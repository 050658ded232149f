import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomFillSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { GostPrivateKey, GostPublicKey } from './gost-keys';

/** Which GOST implementation to use: gost-engine when OPENSSL_CONF loaded it, else the JS fallback. */
export type GostBackendChoice = 'auto' | 'engine' | 'js';

/** GOST R 34.11-2012 (Streebog-256) and R 34.10-2012/256 signatures; signatures are raw 64 bytes, OpenSSL order. */
export interface GostProvider {
  readonly name: 'gost-engine' | 'node-gost-crypto';
  digest(data: Buffer): Buffer;
  sign(key: GostPrivateKey, data: Buffer): Buffer;
  verify(key: GostPublicKey, data: Buffer, signature: Buffer): boolean;
}

/** gost-engine was asked for but this process's OpenSSL did not load it (OPENSSL_CONF must be set before start). */
export class GostEngineUnavailableError extends Error {
  override readonly name = 'GostEngineUnavailableError';
}

const ENGINE_DIGEST = 'md_gost12_256';

/**
 * Creating an engine digest leaves a failed provider fetch on OpenSSL's error queue; node does not clear it, so
 * the next unrelated key import (e.g. an RSA key) fails with "unsupported". A random fill clears the queue.
 */
function engineHash() {
  const hash = createHash(ENGINE_DIGEST);
  randomFillSync(Buffer.alloc(1));
  return hash;
}

/** True when node's OpenSSL knows Streebog, i.e. gost-engine was loaded at process start. */
export function isGostEngineLoaded(): boolean {
  try {
    engineHash();
    return true;
  } catch {
    return false;
  }
}

class EngineProvider implements GostProvider {
  readonly name = 'gost-engine' as const;
  private readonly keys = new WeakMap<object, KeyObject>();

  digest(data: Buffer): Buffer {
    return engineHash().update(data).digest();
  }
  sign(key: GostPrivateKey, data: Buffer): Buffer {
    return sign(
      ENGINE_DIGEST,
      data,
      this.cached(key, () => createPrivateKey(key.pem)),
    );
  }
  verify(key: GostPublicKey, data: Buffer, signature: Buffer): boolean {
    if (signature.length !== 64) return false;
    const publicKey = this.cached(key, () =>
      createPublicKey({ key: key.spkiDer, format: 'der', type: 'spki' }),
    );
    return verify(ENGINE_DIGEST, data, publicKey, signature);
  }
  private cached(owner: object, make: () => KeyObject): KeyObject {
    let keyObject = this.keys.get(owner);
    if (!keyObject) this.keys.set(owner, (keyObject = make()));
    return keyObject;
  }
}

interface GostEngineJs {
  getGostDigest(algorithm: object): { digest(data: ArrayBuffer): ArrayBuffer };
  getGostSign(algorithm: object): {
    sign(privateKey: ArrayBuffer, data: ArrayBuffer): ArrayBuffer;
    verify(publicKey: ArrayBuffer, signature: ArrayBuffer, data: ArrayBuffer): boolean;
  };
}

const STREEBOG_256 = { name: 'GOST R 34.11', version: 2012, length: 256 };
const toArrayBuffer = (bytes: Buffer): ArrayBuffer => new Uint8Array(bytes).buffer;

/** node-gost-crypto writes and reads CryptoPro's byte order: the reverse of OpenSSL's, which ESIA uses. */
class JsProvider implements GostProvider {
  readonly name = 'node-gost-crypto' as const;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package ships no types
  private readonly engine = (require('node-gost-crypto') as { gostEngine: GostEngineJs }).gostEngine;

  digest(data: Buffer): Buffer {
    return Buffer.from(this.engine.getGostDigest(STREEBOG_256).digest(toArrayBuffer(data)));
  }
  sign(key: GostPrivateKey, data: Buffer): Buffer {
    const raw = this.signer(key.curve).sign(toArrayBuffer(key.scalarLe), toArrayBuffer(data));
    return Buffer.from(raw).reverse();
  }
  verify(key: GostPublicKey, data: Buffer, signature: Buffer): boolean {
    if (signature.length !== 64) return false;
    const cryptoProOrder = toArrayBuffer(Buffer.from(signature).reverse());
    return this.signer(key.curve).verify(toArrayBuffer(key.pointLe), cryptoProOrder, toArrayBuffer(data));
  }
  private signer(curve: string) {
    return this.engine.getGostSign({
      name: 'GOST R 34.10',
      version: 2012,
      length: 256,
      namedCurve: curve,
      hash: STREEBOG_256,
    });
  }
}

/** The provider for a choice; 'auto' prefers the engine (about 150 times faster) and falls back to JS. */
export function selectGostProvider(choice: GostBackendChoice = 'auto'): GostProvider {
  const engineLoaded = isGostEngineLoaded();
  if (choice === 'engine' && !engineLoaded) {
    throw new GostEngineUnavailableError(
      'gost-engine is not loaded: start node with OPENSSL_CONF pointing at a GOST config',
    );
  }
  return choice === 'js' || !engineLoaded ? new JsProvider() : new EngineProvider();
}
