import { AppError } from '../../core/errors';

/**
 * Everything that can go wrong with the GOST signer. None is the user's doing: a user sees only that signing in
 * through Gosuslugi is unavailable for now; operators read the detail in the log.
 */
export abstract class SignerError extends AppError {
  readonly status: number = 503;
  readonly userMessage = {
    ru: 'Вход через Госуслуги временно недоступен. Попробуйте позже или войдите другим способом.',
    en: 'Signing in with Gosuslugi is unavailable for now. Try again later or sign in another way.',
  };
}

/** The private key and the certificate do not belong together: ESIA would refuse every request (ESIA-007053). */
export class SignerKeyMismatchError extends SignerError {
  readonly code = 'signer_key_mismatch';
  override readonly status = 500;
}

/** The client certificate's validity has ended; ESIA refuses it, so the process refuses to start with it. */
export class SignerCertificateExpiredError extends SignerError {
  readonly code = 'signer_certificate_expired';
  override readonly status = 500;
  constructor(readonly notAfter: Date) {
    super(`the client certificate expired at ${notAfter.toISOString()}`);
  }
}

/** The client certificate's validity has not started yet (a clock or issuance mistake). */
export class SignerCertificateNotYetValidError extends SignerError {
  readonly code = 'signer_certificate_not_yet_valid';
  override readonly status = 500;
  constructor(readonly notBefore: Date) {
    super(`the client certificate is valid only from ${notBefore.toISOString()}`);
  }
}

/** The key or certificate is unreadable, or is not GOST R 34.10-2012 with a 256-bit key on a supported curve. */
export class SignerKeyUnsupportedError extends SignerError {
  readonly code = 'signer_key_unsupported';
  override readonly status = 500;
}

/** The chosen signer cannot work here: gost-engine not loaded, openssl missing, the remote service unreachable. */
export class SignerUnavailableError extends SignerError {
  readonly code = 'signer_unavailable';
}

/** One signing operation failed (the openssl process, the remote service's answer). */
export class SigningFailedError extends SignerError {
  readonly code = 'signing_failed';
}

/** One signing operation took longer than its bound. */
export class SigningTimeoutError extends SignerError {
  readonly code = 'signing_timeout';
  constructor(
    readonly timeoutMs: number,
    what: string,
  ) {
    super(`${what} did not finish within ${timeoutMs} ms`);
  }
}

/** The remote signing service refused our credentials (HTTP 401/403): a configuration fault, never retried. */
export class RemoteSignerAuthError extends SignerError {
  readonly code = 'remote_signer_refused_credentials';
  override readonly status = 500;
}
