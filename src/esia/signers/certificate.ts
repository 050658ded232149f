import crypto from 'node:crypto';
import type { Clock } from '../../core/clock';
import { gostPublicKeyInfo, streebog256, verifyGost } from './gost-verify';
import type { Signer } from './signer';
import {
  SignerCertificateExpiredError,
  SignerCertificateNotYetValidError,
  SignerKeyMismatchError,
  SignerKeyUnsupportedError,
} from './signer.errors';

/** The client certificate as every signer needs it: PEM for verification, DER hash for ESIA, validity for checks. */
export interface ClientCertificate {
  readonly pem: string;
  readonly der: Buffer;
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Uppercase hex Streebog-256 of the DER: ESIA's client_certificate_hash. */
  readonly hash: string;
}

/** A signer that also exposes the whole certificate it stands for (what the start-up checks read). */
export interface CertifiedSigner extends Signer {
  readonly certificate: ClientCertificate;
}

/** Reads a PEM certificate and checks that its key is GOST R 34.10-2012 (256); X509Certificate parses it without the engine. */
export function readClientCertificate(pem: string | Buffer): ClientCertificate {
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(pem);
  } catch (cause) {
    throw new SignerKeyUnsupportedError('the client certificate is not a readable X.509 certificate', {
      cause,
    });
  }
  const text = x509.toString();
  gostPublicKeyInfo(text);
  return {
    pem: text,
    der: x509.raw,
    subject: x509.subject.replace(/\n/g, ', '),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    hash: streebog256(x509.raw).toString('hex').toUpperCase(),
  };
}

/** Refuses a certificate outside its validity at `clock.now()`. */
export function assertCertificateCurrent(certificate: ClientCertificate, clock: Clock): void {
  const now = clock.now().getTime();
  if (now > certificate.notAfter.getTime()) throw new SignerCertificateExpiredError(certificate.notAfter);
  if (now < certificate.notBefore.getTime())
    throw new SignerCertificateNotYetValidError(certificate.notBefore);
}

/** Signs a random probe with `signer` and verifies it with the certificate's public key: the key and certificate belong together. */
export async function assertSignerMatchesCertificate(
  signer: Signer,
  certificate: ClientCertificate,
): Promise<void> {
  const probe = Buffer.concat([Buffer.from('esia-link-gateway start-up probe '), crypto.randomBytes(16)]);
  const signature = await signer.sign(probe);
  if (signature.length !== 64 || !verifyGost(probe, signature, certificate.pem)) {
    throw new SignerKeyMismatchError(
      `the signing key does not belong to the certificate "${certificate.subject}" (${certificate.hash.slice(0, 16)}…)`,
    );
  }
}
