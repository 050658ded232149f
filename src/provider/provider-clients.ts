import type { ClientMetadata } from 'oidc-provider';
import type { DiaryClientRegistration } from '../store/entities/diary-instance.entity';

/** A diary instance as the provider needs it: its id (the client_id), its name, and its registration. */
export interface DiaryClientSource {
  readonly id: string;
  readonly displayName: string;
  readonly client: DiaryClientRegistration | null;
}

/** A client entry that cannot work; the start stops naming the instance and the field. */
export class ClientRegistrationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`OpenID clients of config/instances.json:\n  ${problems.join('\n  ')}`);
    this.name = 'ClientRegistrationError';
  }
}

/** The provider's clients and which diary instance each one speaks for (a diary's apps are clients too). */
export interface DiaryClients {
  readonly metadata: ClientMetadata[];
  readonly instanceOf: ReadonlyMap<string, string>;
}

/**
 * Every diary instance with an `oidc` registration becomes a confidential web client (`client_id` = the
 * instance id), and each of its mobile apps a public native client (RFC 8252): authorization code only,
 * PKCE S256 for all (the provider's `pkce.required`), back-channel logout with `sid`. The secret of a
 * `client_secret_basic` client is read from the environment variable the registration names, never from
 * the database; in development the demo secret stands in (`demoSecrets`), never in production.
 */
export function diaryClients(
  instances: readonly DiaryClientSource[],
  env: NodeJS.ProcessEnv,
  demoSecrets: ReadonlyMap<string, string>,
): DiaryClients {
  const problems: string[] = [];
  const metadata: ClientMetadata[] = [];
  const instanceOf = new Map<string, string>();
  for (const instance of instances) {
    const reg = instance.client;
    if (!reg) continue;
    const where = `instance ${instance.id}: oidc`;
    const web: ClientMetadata = {
      client_id: instance.id,
      client_name: instance.displayName,
      application_type: 'web',
      redirect_uris: reg.redirectUris,
      post_logout_redirect_uris: reg.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: reg.tokenEndpointAuthMethod,
      ...(reg.backchannelLogoutUri
        ? { backchannel_logout_uri: reg.backchannelLogoutUri, backchannel_logout_session_required: true }
        : {}),
    };
    if (reg.tokenEndpointAuthMethod === 'client_secret_basic') {
      const secret = reg.clientSecretRef ? env[reg.clientSecretRef] : undefined;
      const chosen = secret ?? demoSecrets.get(instance.id);
      if (!chosen)
        problems.push(
          `${where}.clientSecretRef: environment variable ${reg.clientSecretRef ?? '(none named)'} is not set`,
        );
      else if (chosen.length < 32)
        problems.push(`${where}.clientSecretRef: the secret is shorter than 32 characters`);
      else web.client_secret = chosen;
    } else if (reg.jwks) web.jwks = reg.jwks;
    else if (reg.jwksUri) web.jwks_uri = reg.jwksUri;
    else problems.push(`${where}: private_key_jwt needs jwks or jwksUri`);
    metadata.push(web);
    instanceOf.set(instance.id, instance.id);
    for (const [i, app] of (reg.apps ?? []).entries()) {
      if (instanceOf.has(app.clientId)) {
        problems.push(`${where}.apps[${i}].clientId: "${app.clientId}" is used twice`);
        continue;
      }
      metadata.push({
        client_id: app.clientId,
        client_name: instance.displayName,
        application_type: 'native',
        redirect_uris: app.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      });
      instanceOf.set(app.clientId, instance.id);
    }
  }
  if (problems.length) throw new ClientRegistrationError(problems);
  return { metadata, instanceOf };
}
