/**
 * Asymmetric JWS algorithms an ID token may use; `OIDC_ID_TOKEN_ALGS` picks a subset. Here, not in src/oidc/,
 * because the configuration reads it and the configuration reads no layer (issue 20).
 */
export const ASYMMETRIC_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
