import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import { clientSecret } from './client-secret';
import { errorFromEsiaAnswer } from './esia-error-codes';
import { fetchBounded } from './esia-http';
import { formatEsiaTimestamp } from './esia-timestamp';
import { EsiaProtocolError, EsiaStateError, EsiaUnavailableError } from './esia.errors';
import type { EsiaSettings } from './esia.settings';
import type { Signer } from './signers';

/** ESIA's token endpoint, relative to its base URL. */
export const TOKEN_PATH = '/aas/oauth2/v3/te';

/** The raw tokens of a successful exchange; checked by token-checks.ts before anything reads them. */
export interface TokenResponse {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresIn?: number;
}

/** The signed, form-urlencoded body: a NEW state, and the same signed text as v2/ac plus the code. */
async function tokenRequestBody(
  settings: EsiaSettings,
  signer: Signer,
  clock: Clock,
  code: string,
  state: string,
) {
  const timestamp = formatEsiaTimestamp(clock.now());
  const secret = await clientSecret(signer, {
    clientId: settings.clientId,
    scope: settings.scope,
    timestamp,
    state,
    redirectUri: settings.redirectUri,
    code,
  });
  return new URLSearchParams({
    client_id: settings.clientId,
    code,
    grant_type: 'authorization_code',
    client_secret: secret,
    state,
    redirect_uri: settings.redirectUri,
    scope: settings.scope,
    timestamp,
    token_type: 'Bearer',
    client_certificate_hash: signer.certificateHash(),
  });
}

/** Reads ESIA's JSON answer; a body that is not JSON is a fault of the far side. */
async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch (cause) {
    throw new EsiaProtocolError('token', `answer ${response.status} is not JSON`, { cause });
  }
}

/**
 * `POST /aas/oauth2/v3/te`: exchanges the code once (no retry: a code is single-use), maps ESIA's error codes,
 * and refuses an answer that does not echo the state it was sent.
 */
export async function exchangeCode(
  settings: EsiaSettings,
  signer: Signer,
  clock: Clock,
  code: string,
): Promise<TokenResponse> {
  const state = randomUUID();
  const body = await tokenRequestBody(settings, signer, clock, code, state);
  const response = await fetchBounded(
    `${settings.baseUrl}${TOKEN_PATH}`,
    {
      method: 'POST',
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    },
    settings.timeoutMs,
  );
  if (response.status >= 500)
    throw new EsiaUnavailableError(`ESIA token endpoint answered ${response.status}`);
  const json = await readJson(response);
  if (typeof json.error === 'string')
    throw errorFromEsiaAnswer(json.error, String(json.error_description ?? ''));
  if (!response.ok) throw new EsiaProtocolError('token', `answer ${response.status} without an error`);
  if (json.state !== state) throw new EsiaStateError('echo');
  if (typeof json.id_token !== 'string' || typeof json.access_token !== 'string')
    throw new EsiaProtocolError('token', 'tokens missing from the answer');
  return {
    idToken: json.id_token,
    accessToken: json.access_token,
    ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
    ...(typeof json.expires_in === 'number' ? { expiresIn: json.expires_in } : {}),
  };
}
