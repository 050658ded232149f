import { z } from 'zod';
import { ASYMMETRIC_ALGS } from './oidc-algorithms';
import { bool, commaList, entry, positiveInt, url, type CheckContext, type Values } from './schema';

/** One plain OpenID Connect provider (a regional IdP that brokers ESIA), off unless OIDC_ISSUER is set. */
export const oidcEntries = {
  oidcIssuer: entry({
    env: 'OIDC_ISSUER',
    description:
      'Exact issuer of one plain OpenID Connect provider (a regional IdP that brokers ESIA); absent: OIDC sign-in is off',
    schema: url(['http:', 'https:']).optional(),
  }),
  oidcClientId: entry({
    env: 'OIDC_CLIENT_ID',
    description: 'Client id registered at the OIDC provider (with OIDC_ISSUER)',
    schema: z.string().min(1).optional(),
  }),
  oidcClientSecret: entry({
    env: 'OIDC_CLIENT_SECRET',
    description: 'Client secret at the OIDC provider, sent as client_secret_post (with OIDC_ISSUER)',
    schema: z.string().min(1).optional(),
  }),
  oidcScopes: entry({
    env: 'OIDC_SCOPES',
    description: 'Space-separated scopes requested from the OIDC provider (openid is always sent)',
    defaultText: 'openid profile',
    schema: z
      .string()
      .default('openid profile')
      .transform((v) =>
        v
          .trim()
          .split(/\s+/)
          .filter((s) => s && s !== 'openid'),
      ),
  }),
  oidcDiscovery: entry({
    env: 'OIDC_DISCOVERY',
    description:
      "Read the provider's endpoints from <issuer>/.well-known/openid-configuration at start (false: give the three URLs)",
    defaultText: 'true',
    schema: bool.default(true),
  }),
  oidcAuthorizationUrl: entry({
    env: 'OIDC_AUTHORIZATION_URL',
    description: "The provider's authorization endpoint; overrides discovery",
    schema: url(['http:', 'https:']).optional(),
  }),
  oidcTokenUrl: entry({
    env: 'OIDC_TOKEN_URL',
    description: "The provider's token endpoint; overrides discovery",
    schema: url(['http:', 'https:']).optional(),
  }),
  oidcJwksUri: entry({
    env: 'OIDC_JWKS_URI',
    description: "The provider's JWKS address (ID token keys); overrides discovery",
    schema: url(['http:', 'https:']).optional(),
  }),
  oidcIdTokenAlgs: entry({
    env: 'OIDC_ID_TOKEN_ALGS',
    description: 'Comma-separated ID token algorithms accepted (asymmetric only; none is never accepted)',
    defaultText: 'RS256,PS256,ES256',
    schema: z
      .string()
      .default('RS256,PS256,ES256')
      .transform(commaList)
      .refine(
        (list) => list.length > 0 && list.every((a) => (ASYMMETRIC_ALGS as readonly string[]).includes(a)),
        {
          message: `expected a list of ${ASYMMETRIC_ALGS.join(', ')}`,
        },
      ),
  }),
  oidcTimeoutMs: entry({
    env: 'OIDC_TIMEOUT_MS',
    description: 'Bound on one HTTP request to the OIDC provider (discovery, token, JWKS)',
    defaultText: '5000',
    schema: positiveInt.max(60000).default(5000),
  }),
  oidcJwksCooldownMs: entry({
    env: 'OIDC_JWKS_COOLDOWN_MS',
    description: 'Least time between two JWKS fetches; an unknown kid fetches again once it has passed',
    defaultText: '30000',
    schema: z.coerce.number().int().min(0).max(3600000).default(30000),
  }),
} as const;

/** The optional OIDC provider: complete when OIDC_ISSUER is set, https in production. */
export function oidcProblems(p: Values<typeof oidcEntries>, { production }: CheckContext): string[] {
  if (!p.oidcIssuer) return [];
  const problems: string[] = [];
  for (const [name, value] of [
    ['OIDC_CLIENT_ID', p.oidcClientId],
    ['OIDC_CLIENT_SECRET', p.oidcClientSecret],
  ] as const)
    if (!value) problems.push(`${name}: missing: OIDC_ISSUER needs it`);
  if (!p.oidcDiscovery)
    for (const [name, value] of [
      ['OIDC_AUTHORIZATION_URL', p.oidcAuthorizationUrl],
      ['OIDC_TOKEN_URL', p.oidcTokenUrl],
      ['OIDC_JWKS_URI', p.oidcJwksUri],
    ] as const)
      if (!value) problems.push(`${name}: missing: OIDC_DISCOVERY=false needs it`);
  if (production && !p.oidcIssuer.startsWith('https:'))
    problems.push('OIDC_ISSUER: invalid: production needs an https issuer');
  return problems;
}
