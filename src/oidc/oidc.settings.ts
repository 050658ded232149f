/** What one plain OpenID Connect provider needs, built from src/config/oidc.ts (and discovery) by create-oidc.ts. */
export interface OidcSettings {
  /** Short name in our paths and state records: `/auth/<id>/start`, `/auth/<id>/callback`. */
  readonly id: string;
  /** Exact `iss` of the provider, compared character for character. */
  readonly issuer: string;
  readonly clientId: string;
  /** Sent as `client_secret_post`: the only client authentication passport-openidconnect knows. */
  readonly clientSecret: string;
  /** Scopes besides `openid` (passport-openidconnect always prefixes `openid`). */
  readonly scopes: readonly string[];
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly jwksUri: string;
  /** Absolute callback address registered at the provider. */
  readonly redirectUri: string;
  /** The ID token algorithms accepted; never `none`, never a symmetric one. */
  readonly idTokenAlgs: readonly string[];
  /** The provider says it sends `iss` in the authorization response (RFC 9207): then it must be there. */
  readonly issParameterRequired: boolean;
  /** Bound on each request to the provider (discovery, token, JWKS). */
  readonly timeoutMs: number;
  /** After a JWKS fetch, no other fetch for this long, even for an unknown `kid` (a flood guard). */
  readonly jwksCooldownMs: number;
}

/** Clock skew tolerated on exp, nbf and iat. */
export const ID_TOKEN_LEEWAY_SECONDS = 60;

/** Longest time a fetched JWKS is used before it is fetched again. */
export const JWKS_MAX_AGE_MS = 10 * 60_000;

/** Asymmetric JWS algorithms an ID token may use (written beside the configuration that picks from them). */
export { ASYMMETRIC_ALGS } from '../config/oidc-algorithms';
