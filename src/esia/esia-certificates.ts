import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { gostPublicKeyInfo } from './signers/gost-verify';
import type { EsiaTokenAlg } from './esia.settings';

/** One certificate ESIA signs tokens with, ready to verify. */
export interface TrustedKey {
  /** Lowercase hex SHA-256 of the certificate's DER: matched against a JWT `kid` when one is sent. */
  readonly kid: string;
  readonly alg: EsiaTokenAlg;
  readonly pem: string;
  /** RSA only: the public key (GOST keys are read by verifyGost from the PEM). */
  readonly rsaKey?: KeyObject;
  readonly notAfter: Date;
}

function isGost(pem: string): boolean {
  try {
    gostPublicKeyInfo(pem);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads the configured ESIA certificates (several at once: ESIA rotates its key yearly and tokens signed with
 * the previous key stay valid for a while). A certificate that cannot be read stops the start.
 */
export function loadTrustedKeys(pems: readonly string[]): TrustedKey[] {
  return pems.map((pem) => {
    const x509 = new X509Certificate(pem);
    const gost = isGost(x509.toString());
    return {
      kid: createHash('sha256').update(x509.raw).digest('hex'),
      alg: gost ? 'GOST3410_2012_256' : 'RS256',
      pem: x509.toString(),
      ...(gost ? {} : { rsaKey: x509.publicKey }),
      notAfter: new Date(x509.validTo),
    };
  });
}

/** Splits a PEM bundle into its certificates (a file may hold several). */
export function splitPemBundle(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
