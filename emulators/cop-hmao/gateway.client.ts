import type { DiaryOidcSettings } from '../shared/diary-oidc-client';
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** How the emulator reaches the gateway's vendor API: its address and this instance's HMAC key. */
export interface GatewayLink {
  readonly url: string;
  readonly instanceId: string;
  readonly keyId: string;
  readonly secret: string;
  /** The client's authentication at the gateway's OpenID Provider (ЦОП uses private_key_jwt). */
  readonly oidc?: Pick<DiaryOidcSettings, 'clientSecret' | 'privateKey'>;
}

/** The signing headers of docs/vendor-api.md for one request. */
export function signVendorRequest(input: {
  method: string;
  pathWithQuery: string;
  body: string;
  keyId: string;
  secret: string;
  now: Date;
  nonce?: string;
}): Record<string, string> {
  const timestamp = String(Math.floor(input.now.getTime() / 1000));
  const nonce = input.nonce ?? randomBytes(18).toString('base64url');
  const canonical = [
    input.method.toUpperCase(),
    input.pathWithQuery,
    timestamp,
    nonce,
    createHash('sha256').update(input.body, 'utf8').digest('hex'),
  ].join('\n');
  return {
    'X-ELG-Key-Id': input.keyId,
    'X-ELG-Timestamp': timestamp,
    'X-ELG-Nonce': nonce,
    'X-ELG-Signature': createHmac('sha256', input.secret).update(canonical, 'utf8').digest('base64url'),
  };
}

/** What the gateway says about a one-time code. */
export type ExchangeOutcome =
  | {
      readonly ok: true;
      readonly userId: string;
      readonly organizationId: string | null;
      readonly role: string;
    }
  | { readonly ok: false; readonly status: number; readonly code: string };

/** The vendor side of `POST /api/vendor/v1/sso/exchange`; throws only when the gateway cannot be reached. */
export async function exchangeSsoCode(
  gateway: GatewayLink,
  code: string,
  now: Date,
): Promise<ExchangeOutcome> {
  const path = '/api/vendor/v1/sso/exchange';
  const body = JSON.stringify({ code });
  const headers = signVendorRequest({
    method: 'POST',
    pathWithQuery: path,
    body,
    keyId: gateway.keyId,
    secret: gateway.secret,
    now,
  });
  const response = await fetch(new URL(path, gateway.url), {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json' },
    body,
    signal: AbortSignal.timeout(5000),
  });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status === 200 && typeof answer.userId === 'string' && typeof answer.role === 'string')
    return {
      ok: true,
      userId: answer.userId,
      organizationId: typeof answer.organizationId === 'string' ? answer.organizationId : null,
      role: answer.role,
    };
  const error = answer.error as { code?: unknown } | undefined;
  return {
    ok: false,
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : 'unknown',
  };
}
