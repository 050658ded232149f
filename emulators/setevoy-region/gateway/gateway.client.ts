import { createHash, createHmac, randomBytes } from 'node:crypto';

/** Where the gateway is and how this diary instance authenticates to its vendor API. */
export interface GatewaySettings {
  url: string;
  instanceId: string;
  keyId: string;
  secret: string;
}

/** What the gateway answered: status and parsed JSON (or null). */
export interface GatewayAnswer {
  status: number;
  body: Record<string, unknown> | null;
}

/**
 * The canonical string of docs/vendor-api.md: method, path with query exactly as sent, timestamp, nonce and
 * the hex SHA-256 of the raw body, joined by newlines.
 */
export function canonicalString(
  method: string,
  pathAndQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return [method.toUpperCase(), pathAndQuery, timestamp, nonce, bodyHash].join('\n');
}

/** The four X-ELG-* headers of one signed request. */
export function signedHeaders(
  settings: GatewaySettings,
  method: string,
  url: URL,
  body: string,
  now: Date,
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = randomBytes(18).toString('base64url');
  const canonical = canonicalString(method, url.pathname + url.search, timestamp, nonce, body);
  return {
    'X-ELG-Key-Id': settings.keyId,
    'X-ELG-Timestamp': timestamp,
    'X-ELG-Nonce': nonce,
    'X-ELG-Signature': createHmac('sha256', settings.secret).update(canonical, 'utf8').digest('base64url'),
  };
}

/** The diary's side of the vendor API: every call HMAC-signed; a network failure rejects, any status resolves. */
export class GatewayClient {
  constructor(
    readonly settings: GatewaySettings,
    private readonly clock: { now(): Date },
  ) {}

  /** `POST /api/vendor/v1/link-tickets`: a single-use ticket and the address to send the browser to. */
  linkTicket(userId: string, returnUrl: string): Promise<GatewayAnswer> {
    // This diary shows «Сейчас вы будете перенаправлены…» itself (seed 004), so the gateway need not repeat it.
    return this.call('POST', '/api/vendor/v1/link-tickets', { userId, returnUrl, noticeShown: true });
  }

  /** `POST /api/vendor/v1/sso/exchange`: who the one-time hand-off code stands for. */
  exchange(code: string): Promise<GatewayAnswer> {
    return this.call('POST', '/api/vendor/v1/sso/exchange', { code });
  }

  /** `GET /api/vendor/v1/links/{instance}/{userId}`. */
  linkStatus(userId: string): Promise<GatewayAnswer> {
    const path = `/api/vendor/v1/links/${encodeURIComponent(this.settings.instanceId)}/${encodeURIComponent(userId)}`;
    return this.call('GET', path);
  }

  /** Where «Войти через Госуслуги» sends the browser. */
  esiaLoginUrl(): string {
    const url = this.endpoint('/login/esia');
    url.searchParams.set('instance', this.settings.instanceId);
    return url.toString();
  }

  private endpoint(path: string): URL {
    return new URL(this.settings.url.replace(/\/+$/, '') + path);
  }

  private async call(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<GatewayAnswer> {
    const url = this.endpoint(path);
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers = signedHeaders(this.settings, method, url, body, this.clock.now());
    const response = await fetch(url, {
      method,
      headers: {
        ...headers,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        Accept: 'application/json',
      },
      body: body || undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text) };
  }
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
