import type { Config } from '../config';
import type { Clock } from '../core/clock';
import type { StateStore } from '../core/ports/state-store.port';
import { discoverProvider, type OidcEndpoints } from './oidc-discovery';
import type { OidcSettings } from './oidc.settings';
import { OidcStrategy } from './oidc.strategy';

/** Id (and path segment) of the provider configured by the OIDC_* variables. */
export const OIDC_PROVIDER_ID = 'oidc';

/** A provider's two addresses on the gateway: `/auth/<id>/start` and `/auth/<id>/callback`. */
export function oidcPaths(id: string): { start: string; callback: string } {
  return { start: `/auth/${id}/start`, callback: `/auth/${id}/callback` };
}

/** One plain OIDC provider, ready for the routes. */
export interface OidcProvider {
  readonly id: string;
  readonly strategy: OidcStrategy;
  readonly settings: OidcSettings;
  readonly paths: { start: string; callback: string };
}

/** What a provider is described by, before discovery fills in what was not given. */
export interface OidcProviderInput {
  readonly id: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
  readonly idTokenAlgs: readonly string[];
  readonly publicUrl: string;
  readonly discovery: boolean;
  readonly endpoints?: Partial<OidcEndpoints>;
  readonly timeoutMs: number;
  readonly jwksCooldownMs: number;
}

/** Given endpoints win over discovered ones; without discovery all three must be given. */
async function endpointsOf(input: OidcProviderInput): Promise<OidcEndpoints> {
  const found = input.discovery
    ? await discoverProvider(input.issuer, { timeoutMs: input.timeoutMs, algs: input.idTokenAlgs })
    : undefined;
  const pick = (key: 'authorizationUrl' | 'tokenUrl' | 'jwksUri') => {
    const value = input.endpoints?.[key] ?? found?.[key];
    if (!value) throw new Error(`OIDC provider ${input.id}: ${key} unknown (no discovery, not configured)`);
    return value;
  };
  return {
    authorizationUrl: pick('authorizationUrl'),
    tokenUrl: pick('tokenUrl'),
    jwksUri: pick('jwksUri'),
    issParameterSupported: input.endpoints?.issParameterSupported ?? found?.issParameterSupported ?? false,
  };
}

/** A provider from its description: discovery (when on), settings, strategy. */
export async function createOidcProvider(
  input: OidcProviderInput,
  deps: { stateStore: StateStore; clock: Clock },
): Promise<OidcProvider> {
  const endpoints = await endpointsOf(input);
  const paths = oidcPaths(input.id);
  const settings: OidcSettings = {
    id: input.id,
    issuer: input.issuer,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    scopes: input.scopes,
    authorizationUrl: endpoints.authorizationUrl,
    tokenUrl: endpoints.tokenUrl,
    jwksUri: endpoints.jwksUri,
    redirectUri: `${input.publicUrl}${paths.callback}`,
    idTokenAlgs: input.idTokenAlgs,
    issParameterRequired: endpoints.issParameterSupported,
    timeoutMs: input.timeoutMs,
    jwksCooldownMs: input.jwksCooldownMs,
  };
  return { id: input.id, strategy: new OidcStrategy(settings, deps), settings, paths };
}

/** The provider the OIDC_* variables describe, or undefined when OIDC_ISSUER is not set. */
export async function createOidc(
  config: Config,
  deps: { stateStore: StateStore; clock: Clock },
): Promise<OidcProvider | undefined> {
  if (!config.oidcIssuer) return undefined;
  return createOidcProvider(
    {
      id: OIDC_PROVIDER_ID,
      issuer: config.oidcIssuer,
      clientId: config.oidcClientId!,
      clientSecret: config.oidcClientSecret!,
      scopes: config.oidcScopes,
      idTokenAlgs: config.oidcIdTokenAlgs,
      publicUrl: config.publicUrl,
      discovery: config.oidcDiscovery,
      endpoints: {
        ...(config.oidcAuthorizationUrl ? { authorizationUrl: config.oidcAuthorizationUrl } : {}),
        ...(config.oidcTokenUrl ? { tokenUrl: config.oidcTokenUrl } : {}),
        ...(config.oidcJwksUri ? { jwksUri: config.oidcJwksUri } : {}),
      },
      timeoutMs: config.oidcTimeoutMs,
      jwksCooldownMs: config.oidcJwksCooldownMs,
    },
    deps,
  );
}
