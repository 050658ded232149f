import type { Clock } from '../core/clock';
import { clientSecret } from './client-secret';
import { formatEsiaTimestamp } from './esia-timestamp';
import type { EsiaSettings } from './esia.settings';
import type { Signer } from './signers';

/** ESIA's authorization endpoint, relative to its base URL. */
export const AUTHORIZATION_PATH = '/aas/oauth2/v2/ac';

/**
 * The signed `GET /aas/oauth2/v2/ac` address for `state`: the secret covers exactly client_id, scope, scope_org,
 * timestamp, state and redirect_uri, so every one of them goes out as signed.
 */
export async function authorizationUrl(
  settings: EsiaSettings,
  signer: Signer,
  clock: Clock,
  state: string,
): Promise<string> {
  const timestamp = formatEsiaTimestamp(clock.now());
  const secret = await clientSecret(signer, {
    clientId: settings.clientId,
    scope: settings.scope,
    timestamp,
    state,
    redirectUri: settings.redirectUri,
  });
  const query = new URLSearchParams({
    client_id: settings.clientId,
    client_secret: secret,
    redirect_uri: settings.redirectUri,
    scope: settings.scope,
    response_type: 'code',
    state,
    timestamp,
    access_type: settings.accessType,
    client_certificate_hash: signer.certificateHash(),
  });
  return `${settings.baseUrl}${AUTHORIZATION_PATH}?${query.toString()}`;
}
