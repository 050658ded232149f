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
  /** Production: refuses a secret the repository ships (the demo's), by value, wherever it is set. */
  refuse: (secret: string) => boolean = () => false,
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
      else if (refuse(chosen))
        problems.push(
          `${where}.clientSecretRef: ${reg.clientSecretRef} holds a demo secret the repository ships`,
        );
      else web.client_secret = chosen;
    } else if (reg.jwks) web.jwks = reg.jwks;
    else if (reg.jwksUri) web.jwks_uri = reg.jwksUri;
    else problems.push(`${where}: private_key_jwt needs jwks or jwksUri`);
    metadata.push(web);
    if (!instanceOf.has(instance.id)) instanceOf.set(instance.id, instance.id);
    for (const app of reg.apps ?? []) {
      metadata.push({
        client_id: app.clientId,
        client_name: instance.displayName,
        application_type: 'native',
        redirect_uris: app.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      });
      if (!instanceOf.has(app.clientId)) instanceOf.set(app.clientId, instance.id);
    }
  }
  // A client id is one client: an app named like another instance (or another app) would take its place.
  const seen = new Set<string>();
  for (const client of metadata) {
    if (seen.has(client.client_id))
      problems.push(
        `instance ${instanceOf.get(client.client_id)}: oidc: client id "${client.client_id}" is used twice`,
      );
    seen.add(client.client_id);
  }
  if (problems.length) throw new ClientRegistrationError(problems);
  return { metadata, instanceOf };
}
