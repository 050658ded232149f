import type crypto from 'node:crypto';
import type { ClientCertificate } from './certificate';
import { describeSigner } from './describe';
import { enginePrivateKey, engineSign, isGostEngineLoaded } from './gost-engine';
import type { CertifiedSigner } from './certificate';
import type { SignerDescription } from './signer';
import { SignerKeyUnsupportedError, SignerUnavailableError } from './signer.errors';

/** In-process GOST through Debian's gost-engine loaded into Node's OpenSSL: ~60 µs a signature, the default. */
export class EngineSigner implements CertifiedSigner {
  private constructor(
    private readonly key: crypto.KeyObject,
    readonly certificate: ClientCertificate,
  ) {}

  /** Parses the key with the engine; refuses when the engine is not loaded (OPENSSL_CONF was not set at start). */
  static create(keyPem: string | Buffer, certificate: ClientCertificate): EngineSigner {
    if (!isGostEngineLoaded())
      throw new SignerUnavailableError(
        'gost-engine is not loaded: start Node through scripts/with-gost-engine.js (it sets OPENSSL_CONF) ' +
          'and install libengine-gost-openssl',
      );
    let key: crypto.KeyObject;
    try {
      key = enginePrivateKey(keyPem);
    } catch (cause) {
      throw new SignerKeyUnsupportedError('gost-engine cannot read the private key', { cause });
    }
    if (key.asymmetricKeyType !== undefined)
      throw new SignerKeyUnsupportedError(`a ${key.asymmetricKeyType} key is not a GOST key`);
    return new EngineSigner(key, certificate);
  }

  async sign(data: Buffer): Promise<Buffer> {
    return engineSign(data, this.key);
  }

  certificateHash(): string {
    return this.certificate.hash;
  }

  describe(): SignerDescription {
    return describeSigner(
      'engine',
      'GOST R 34.10-2012 in-process through gost-engine (OpenSSL)',
      this.certificate,
    );
  }

  async close(): Promise<void> {}
}
