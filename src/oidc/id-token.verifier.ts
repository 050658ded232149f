import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../core/clock';
import { OidcTokenInvalidError, OidcUnavailableError, type OidcTokenProblem } from './oidc.errors';
import { ID_TOKEN_LEEWAY_SECONDS, JWKS_MAX_AGE_MS, type OidcSettings } from './oidc.settings';

const CLAIM_PROBLEMS: Record<string, OidcTokenProblem> = {
  iss: 'issuer',
  aud: 'audience',
  nbf: 'not_yet_valid',
  iat: 'issued_in_future',
  exp: 'expired',
};

/** jose's failures as our typed ones; a JWKS that cannot be fetched is an outage, not a bad token. */
function typed(err: unknown): Error {
  if (err instanceof OidcTokenInvalidError) return err;
  if (err instanceof errors.JWKSTimeout) return new OidcUnavailableError('JWKS timed out', { cause: err });
  if (err instanceof errors.JOSEAlgNotAllowed) return new OidcTokenInvalidError('alg');
  if (err instanceof errors.JWSSignatureVerificationFailed) return new OidcTokenInvalidError('signature');
  if (err instanceof errors.JWKSNoMatchingKey) return new OidcTokenInvalidError('unknown_key');
  if (err instanceof errors.JWTExpired) return new OidcTokenInvalidError('expired');
  if (err instanceof errors.JWTClaimValidationFailed)
    return new OidcTokenInvalidError(
      err.reason === 'missing' ? 'claims' : (CLAIM_PROBLEMS[err.claim] ?? 'claims'),
    );
  if (
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid ||
    err instanceof errors.JOSENotSupported
  )
    return new OidcTokenInvalidError('malformed');
  return new OidcUnavailableError('JWKS could not be fetched', { cause: err });
}

/** `azp`, when present, names this client; several audiences need it (OIDC Core §3.1.3.7, steps 4–5). */
function checkAuthorizedParty(payload: JWTPayload, clientId: string): void {
  const several = Array.isArray(payload.aud) && payload.aud.length > 1;
  if ((several || payload.azp !== undefined) && payload.azp !== clientId)
    throw new OidcTokenInvalidError('azp');
}

/** jose checks `iat` only with maxTokenAge: a token from the future is refused here. */
function checkIssuedAt(payload: JWTPayload, now: Date): void {
  if ((payload.iat as number) - ID_TOKEN_LEEWAY_SECONDS > now.getTime() / 1000)
    throw new OidcTokenInvalidError('issued_in_future');
}

/** The nonce we sent with this very authorization request comes back in the ID token. */
function checkNonce(payload: JWTPayload, nonce: string): void {
  if (payload.nonce !== nonce) throw new OidcTokenInvalidError('nonce');
}

/**
 * What passport-openidconnect leaves out: the ID token's signature against the provider's JWKS (jose's remote
 * set: bounded fetch, cached, fetched again for an unknown `kid` after a cooldown), an algorithm allow-list
 * (never `none`), iss/aud/azp/exp/nbf/iat with ID_TOKEN_LEEWAY_SECONDS on our clock, and the nonce.
 */
export class IdTokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly settings: OidcSettings,
    private readonly clock: Clock,
  ) {
    this.jwks = createRemoteJWKSet(new URL(settings.jwksUri), {
      timeoutDuration: settings.timeoutMs,
      cooldownDuration: settings.jwksCooldownMs,
      cacheMaxAge: JWKS_MAX_AGE_MS,
    });
  }

  /** The verified claims, or OidcTokenInvalidError naming the first check that failed. */
  async verify(idToken: unknown, nonce: string): Promise<JWTPayload> {
    if (typeof idToken !== 'string') throw new OidcTokenInvalidError('missing');
    const now = this.clock.now();
    try {
      const { payload } = await jwtVerify(idToken, this.jwks, {
        algorithms: [...this.settings.idTokenAlgs],
        issuer: this.settings.issuer,
        audience: this.settings.clientId,
        clockTolerance: ID_TOKEN_LEEWAY_SECONDS,
        currentDate: now,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
      });
      checkAuthorizedParty(payload, this.settings.clientId);
      checkIssuedAt(payload, now);
      checkNonce(payload, nonce);
      return payload;
    } catch (err) {
      throw typed(err);
    }
  }
}
