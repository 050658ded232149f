import type { ClientCertificate } from './certificate';
import type { SignerDescription, SignerKind } from './signer';

/** Builds the start-up description every signer returns, so the line reads the same for all of them. */
export function describeSigner(
  kind: SignerKind,
  summary: string,
  certificate: ClientCertificate,
  productionReady = true,
): SignerDescription {
  return {
    kind,
    summary,
    productionReady,
    certificateSubject: certificate.subject,
    certificateNotAfter: certificate.notAfter,
    certificateHash: certificate.hash,
  };
}
