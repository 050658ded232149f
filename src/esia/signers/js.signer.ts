import type { ClientCertificate } from './certificate';
import { describeSigner } from './describe';
import { GOST_2012_256_OID, parseGostPkcs8, pemToDer, type GostPrivateKeyInfo } from './gost-der';
import { jsSign, jsSupportsCurve } from './gost-js';
import type { CertifiedSigner } from './certificate';
import type { SignerDescription } from './signer';
import { SignerKeyUnsupportedError } from './signer.errors';

/**
 * Pure-JavaScript GOST (node-gost-crypto) for a developer's machine without libengine-gost-openssl, so that
 * `npm start` still signs against the ESIA emulator. ~10 ms a signature, keys in process memory, not a certified
 * means of protection: development only, and its description says so.
 */
export class JsSigner implements CertifiedSigner {
  private constructor(
    private readonly key: GostPrivateKeyInfo,
    readonly certificate: ClientCertificate,
  ) {}

  /** Reads an unencrypted PKCS#8 GOST key (PEM or DER). */
  static create(keyPem: string | Buffer, certificate: ClientCertificate): JsSigner {
    const key = parseGostPkcs8(pemToDer(keyPem, 'PRIVATE KEY'));
    if (key.algorithmOid !== GOST_2012_256_OID)
      throw new SignerKeyUnsupportedError(`key algorithm ${key.algorithmOid} is not GOST R 34.10-2012 (256)`);
    if (!jsSupportsCurve(key.paramsetOid))
      throw new SignerKeyUnsupportedError(
        `GOST curve ${key.paramsetOid} is not supported by the JavaScript signer`,
      );
    return new JsSigner(key, certificate);
  }

  async sign(data: Buffer): Promise<Buffer> {
    return jsSign(data, this.key.secretLittleEndian, this.key.paramsetOid);
  }

  certificateHash(): string {
    return this.certificate.hash;
  }

  describe(): SignerDescription {
    return describeSigner(
      'js',
      'DEVELOPMENT ONLY: pure-JavaScript GOST (node-gost-crypto), ~10 ms a signature, not certified; ' +
        'install libengine-gost-openssl or use the remote signer in production',
      this.certificate,
      false,
    );
  }

  async close(): Promise<void> {}
}
