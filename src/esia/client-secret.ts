import type { Signer } from './signers';

/** The values ESIA's `client_secret` is signed over, in ESIA's order. */
export interface SecretParts {
  readonly clientId: string;
  readonly scope: string;
  /** Organization scopes; empty for a person's sign-in. */
  readonly scopeOrg?: string;
  readonly timestamp: string;
  readonly state: string;
  readonly redirectUri: string;
  /** Only in the token request. */
  readonly code?: string;
}

/** `client_id + scope + scope_org + timestamp + state + redirect_uri (+ code)`: the exact signed text. */
export function secretText(parts: SecretParts): string {
  return (
    parts.clientId +
    parts.scope +
    (parts.scopeOrg ?? '') +
    parts.timestamp +
    parts.state +
    parts.redirectUri +
    (parts.code ?? '')
  );
}

/** base64url, unpadded, of the raw 64-byte GOST signature (OpenSSL byte order) over the signed text. */
export async function clientSecret(signer: Signer, parts: SecretParts): Promise<string> {
  const signature = await signer.sign(Buffer.from(secretText(parts), 'utf8'));
  return signature.toString('base64url');
}
