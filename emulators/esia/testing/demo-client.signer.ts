import { createHash, createPrivateKey, createPublicKey, randomFillSync, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { repoFile } from '../../fixtures/fixture-paths';

/**
 * The demo client's side of GOST for tests and vendors' integration tests, written apart from the emulator's
 * crypto module on purpose (a shared bug would pass on both sides): node's crypto when gost-engine is loaded,
 * else node-gost-crypto called directly. Signatures are raw 64 bytes in OpenSSL's byte order.
 */
export interface DemoClientSigner {
  readonly backend: 'gost-engine' | 'node-gost-crypto';
  readonly certificatePem: string;
  /** Uppercase hex Streebog-256 of the certificate's DER. */
  readonly certificateHash: string;
  sign(text: string): Buffer;
  /** Checks a signature with a GOST certificate (for verifying the emulator's tokens). */
  verifyWithCertificate(certificatePem: string, data: Buffer, signature: Buffer): boolean;
}

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
const ab = (bytes: Buffer) => new Uint8Array(bytes).buffer;

function engineLoaded(): boolean {
  try {
    createHash('md_gost12_256');
    randomFillSync(Buffer.alloc(1)); // clears the error the provider fetch leaves behind
    return true;
  } catch {
    return false;
  }
}

/** The demo client (config/dev-keys): key, certificate, hash. `backend` forces one implementation. */
export function demoClientSigner(backend?: 'gost-engine' | 'node-gost-crypto'): DemoClientSigner {
  const keyPem = readFileSync(repoFile('config', 'dev-keys', 'client.key.pem'), 'utf8');
  const certificatePem = readFileSync(repoFile('config', 'dev-keys', 'client.crt.pem'), 'utf8');
  const useEngine = backend ? backend === 'gost-engine' : engineLoaded();
  if (useEngine) {
    const key = createPrivateKey(keyPem);
    return {
      backend: 'gost-engine',
      certificatePem,
      certificateHash: createHash('md_gost12_256').update(der(certificatePem)).digest('hex').toUpperCase(),
      sign: (text) => sign('md_gost12_256', Buffer.from(text, 'utf8'), key),
      verifyWithCertificate: (pem, data, signature) =>
        verify('md_gost12_256', data, createPublicKey(pem), signature),
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped package
  const { gostEngine } = require('node-gost-crypto');
  const streebog = { name: 'GOST R 34.11', version: 2012, length: 256 };
  const algorithm = {
    name: 'GOST R 34.10',
    version: 2012,
    length: 256,
    namedCurve: 'S-256-A',
    hash: streebog,
  };
  // The PKCS#8 of a gost-engine key ends with the 32-byte little-endian scalar; a certificate's SPKI with the
  // 64-byte point followed by the signature algorithm and the signature (both fixed-size for these certs).
  const scalar = der(keyPem).subarray(-32);
  const point = (pem: string) => {
    const bytes = der(pem);
    const at = bytes.indexOf(Buffer.from([0x03, 0x43, 0x00, 0x04, 0x40]));
    return bytes.subarray(at + 5, at + 69);
  };
  return {
    backend: 'node-gost-crypto',
    certificatePem,
    certificateHash: Buffer.from(gostEngine.getGostDigest(streebog).digest(ab(der(certificatePem))))
      .toString('hex')
      .toUpperCase(),
    sign: (text) =>
      Buffer.from(
        gostEngine.getGostSign(algorithm).sign(ab(scalar), ab(Buffer.from(text, 'utf8'))),
      ).reverse(),
    verifyWithCertificate: (pem, data, signature) =>
      gostEngine
        .getGostSign(algorithm)
        .verify(ab(point(pem)), ab(Buffer.from(signature).reverse()), ab(data)),
  };
}
