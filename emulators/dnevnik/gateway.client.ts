import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { GatewaySettings } from './dnevnik-emulator.options';

/** What the gateway answered: status and parsed JSON (or null when it was not JSON). */
export interface GatewayAnswer {
  status: number;
  body: Record<string, unknown> | null;
}

/** The canonical string of docs/vendor-api.md: method, path with query, timestamp, nonce, body hash. */
export function canonicalString(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return [method.toUpperCase(), pathWithQuery, timestamp, nonce, bodyHash].join('\n');
}

/** The four X-ELG-* headers for one request. */
export function signedHeaders(
  gateway: GatewaySettings,
  method: string,
  pathWithQuery: string,
  body: string,
  now: Date,
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  // 24 base64url characters: inside the 16–64 [A-Za-z0-9_-] the gateway accepts.
  const nonce = randomBytes(18).toString('base64url');
  const signature = createHmac('sha256', gateway.secret)
    .update(canonicalString(method, pathWithQuery, timestamp, nonce, body), 'utf8')
    .digest('base64url');
  return {
    'X-ELG-Key-Id': gateway.keyId,
    'X-ELG-Timestamp': timestamp,
    'X-ELG-Nonce': nonce,
    'X-ELG-Signature': signature,
  };
}

/**
 * One HMAC-signed call from the diary's backend to the gateway's vendor API. Throws when the gateway cannot be
 * reached (the page then says so); any HTTP answer is returned for the caller to read.
 */
export async function callGateway(
  gateway: GatewaySettings,
  method: 'GET' | 'POST',
  path: string,
  payload: unknown,
  now: Date,
): Promise<GatewayAnswer> {
  const url = new URL(path, gateway.url.endsWith('/') ? gateway.url : `${gateway.url}/`);
  const body = method === 'GET' ? '' : JSON.stringify(payload);
  const response = await fetch(url, {
    method,
    headers: {
      ...signedHeaders(gateway, method, url.pathname + url.search, body, now),
      ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }),
      Accept: 'application/json',
    },
    body: method === 'GET' ? undefined : body,
    redirect: 'manual',
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> | null = null;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed };
}
