import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * A diary's key at the gateway's vendor API (docs/vendor-api.md): the key id and the HMAC secret an operator
 * issued for the diary instance (the demo's are in config/demo-vendor-credentials.json).
 */
export interface VendorKey {
  readonly keyId: string;
  readonly secret: string;
}

/**
 * The signing headers of docs/vendor-api.md for one request, as a diary's backend signs its calls to the vendor
 * API (the password-login decision, link status). Written from the document, not from the gateway's code.
 */
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

/** The gateway's answer to "may this account sign in with its password now?" (the fields a diary shows). */
export interface PasswordDecision {
  /** allow: let in · warn: let in and show `message` (the information window) · deny: refuse, offer ESIA. */
  readonly decision: 'allow' | 'warn' | 'deny';
  readonly reason: string;
  /** `YYYY-MM-DD`, the region's cutover date; null without a policy. */
  readonly cutoverDate: string | null;
  readonly daysLeft: number | null;
  readonly linked: boolean;
  /** What to tell the person, in Russian; null when there is nothing to say. */
  readonly message: string | null;
}

/** The gateway did not answer the decision (down, timed out, refused the key): the diary says so and refuses. */
export class DecisionUnavailableError extends Error {
  constructor(readonly detail: string) {
    super(`password decision unavailable: ${detail}`);
    this.name = 'DecisionUnavailableError';
  }
}

/**
 * One call to the gateway's vendor API, HMAC-signed with the diary's key, and its JSON answer; no answer in
 * time, or a status other than 2xx, is the gateway unavailable (the diary says so and refuses), whichever
 * question was asked.
 */
async function askGateway(
  input: { gatewayUrl: string; key: VendorKey; now: Date; timeoutMs?: number },
  method: 'GET' | 'POST',
  path: string,
  body?: string,
): Promise<Record<string, unknown>> {
  const headers = signVendorRequest({
    method,
    pathWithQuery: path,
    body: body ?? '',
    keyId: input.key.keyId,
    secret: input.key.secret,
    now: input.now,
  });
  let res: Response;
  try {
    res = await fetch(`${input.gatewayUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body,
      signal: AbortSignal.timeout(input.timeoutMs ?? 5000),
    });
  } catch (err) {
    throw new DecisionUnavailableError(err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) throw new DecisionUnavailableError(`HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

/**
 * `POST /api/vendor/v1/password-login/decision` (or `password-reset/decision`), HMAC-signed with the
 * diary's key, for the account that has just proved its password. Only `userId` is sent: the gateway asks the
 * diary's API for the birth date and roles (docs/vendor-api.md), as a diary that keeps them elsewhere would.
 */
export async function askPasswordDecision(input: {
  gatewayUrl: string;
  key: VendorKey;
  userId: string;
  now: Date;
  kind?: 'login' | 'reset';
  timeoutMs?: number;
}): Promise<PasswordDecision> {
  const path = `/api/vendor/v1/password-${input.kind ?? 'login'}/decision`;
  const answer = await askGateway(input, 'POST', path, JSON.stringify({ userId: input.userId }));
  const decision = answer['decision'];
  if (decision !== 'allow' && decision !== 'warn' && decision !== 'deny')
    throw new DecisionUnavailableError(`unexpected decision ${String(decision)}`);
  const message = answer['message'] as { ru?: unknown } | null | undefined;
  return {
    decision,
    reason: String(answer['reason'] ?? ''),
    cutoverDate: typeof answer['cutoverDate'] === 'string' ? answer['cutoverDate'] : null,
    daysLeft: typeof answer['daysLeft'] === 'number' ? answer['daysLeft'] : null,
    linked: answer['linked'] === true,
    message: typeof message?.ru === 'string' ? message.ru : null,
  };
}

/** What a diary's password form says when the gateway's decision did not come: try later, or Gosuslugi. */
export const DECISION_UNAVAILABLE_TEXT =
  'Не удалось проверить, открыт ли для вас вход по паролю: сервис входа через Госуслуги не отвечает. ' +
  'Попробуйте позже или войдите через Госуслуги.';

/**
 * The gateway's password-login decision for an account whose password is right, when the diary has a vendor
 * key there; null without one (the password alone decides). An unanswered decision is said on stderr under
 * `emulator` and comes back as `unavailable`: the diary refuses and says why, rather than letting anyone in.
 */
export async function passwordLoginDecision(
  gateway: { url: string; vendorKey?: VendorKey } | null,
  userId: string,
  now: Date,
  emulator: string,
): Promise<PasswordDecision | null | 'unavailable'> {
  const key = gateway?.vendorKey;
  if (!gateway || !key) return null;
  try {
    return await askPasswordDecision({ gatewayUrl: gateway.url, key, userId, now });
  } catch (err) {
    if (!(err instanceof DecisionUnavailableError)) throw err;
    process.stderr.write(`[${emulator}] ${err.message}\n`);
    return 'unavailable';
  }
}

/** `YYYY-MM-DD` → `DD.MM.YYYY`, as the diaries print dates. */
export const ruDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('.');

/**
 * `GET /api/vendor/v1/links/{instance}/{userId}`: whether the gateway holds an active ESIA link for the account
 * (and since when). What a diary shows on its settings page when it keeps no copy of its own, or lost it.
 */
export async function askLinkStatus(input: {
  gatewayUrl: string;
  key: VendorKey;
  instanceId: string;
  userId: string;
  now: Date;
  timeoutMs?: number;
}): Promise<{ linked: boolean; linkedAt: string | null }> {
  const path = `/api/vendor/v1/links/${encodeURIComponent(input.instanceId)}/${encodeURIComponent(input.userId)}`;
  const answer = await askGateway(input, 'GET', path);
  return {
    linked: answer['linked'] === true,
    linkedAt: typeof answer['linkedAt'] === 'string' ? answer['linkedAt'] : null,
  };
}
