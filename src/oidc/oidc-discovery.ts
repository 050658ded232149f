import { OidcProviderError, OidcUnavailableError } from './oidc.errors';

/** The parts of a provider's metadata this gateway uses. */
export interface OidcEndpoints {
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly jwksUri: string;
  /** `authorization_response_iss_parameter_supported` (RFC 9207). */
  readonly issParameterSupported: boolean;
}

const list = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;

/** Refuses metadata that cannot serve our flow: another issuer, no endpoints, no S256, no client_secret_post. */
function checkMetadata(doc: Record<string, unknown>, issuer: string, algs: readonly string[]): OidcEndpoints {
  const refuse = (why: string) => new OidcProviderError('discovery', why);
  if (doc.issuer !== issuer) throw refuse('issuer differs from the configured one');
  for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'])
    if (typeof doc[key] !== 'string') throw refuse(`${key} missing`);
  if (!list(doc.code_challenge_methods_supported)?.includes('S256')) throw refuse('no PKCE S256');
  const auth = list(doc.token_endpoint_auth_methods_supported);
  // Absent means client_secret_basic only (RFC 8414 §2); passport-openidconnect can send only _post.
  if (!auth?.includes('client_secret_post')) throw refuse('no client_secret_post');
  const signing = list(doc.id_token_signing_alg_values_supported) ?? ['RS256'];
  if (!signing.some((alg) => algs.includes(alg))) throw refuse('no allowed ID token algorithm');
  return {
    authorizationUrl: doc.authorization_endpoint as string,
    tokenUrl: doc.token_endpoint as string,
    jwksUri: doc.jwks_uri as string,
    issParameterSupported: doc.authorization_response_iss_parameter_supported === true,
  };
}

/**
 * `GET <issuer>/.well-known/openid-configuration` once at start (passport-openidconnect has no discovery), with
 * a bounded wait; the answer must name exactly the configured issuer (OIDC Discovery §4.3).
 */
export async function discoverProvider(
  issuer: string,
  options: { timeoutMs: number; algs: readonly string[] },
): Promise<OidcEndpoints> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (cause) {
    throw new OidcUnavailableError('OIDC discovery did not answer', { cause });
  }
  if (!response.ok) throw new OidcProviderError('discovery', `HTTP ${response.status}`);
  const doc = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object') throw new OidcProviderError('discovery', 'not JSON');
  return checkMetadata(doc, issuer, options.algs);
}
