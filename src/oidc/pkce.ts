import { createHash, randomBytes } from 'node:crypto';

/** A PKCE code_verifier (RFC 7636 §4.1): 32 random bytes, base64url, 43 characters. */
export function newCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** The S256 code_challenge of a verifier. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A per-request `nonce`, bound into the ID token by the provider. */
export function newNonce(): string {
  return randomBytes(24).toString('base64url');
}
