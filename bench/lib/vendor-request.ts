import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../src/paths';
import { canonicalRequest, signCanonical } from '../../src/http/vendor-api/vendor-auth.middleware';

/** A demo vendor key of config/demo-vendor-credentials.json (seeded by the gateway outside production). */
export interface DemoVendorKey {
  readonly instanceId: string;
  readonly keyId: string;
  readonly secret: string;
}

/** The demo key of one diary instance. */
export function demoVendorKey(instanceId: string): DemoVendorKey {
  const file = fromRoot('config/demo-vendor-credentials.json');
  const { credentials } = JSON.parse(readFileSync(file, 'utf8')) as { credentials: DemoVendorKey[] };
  const key = credentials.find((c) => c.instanceId === instanceId);
  if (!key) throw new Error(`no demo vendor key for ${instanceId}`);
  return key;
}

/** The X-ELG-* headers of docs/vendor-api.md for one request: fresh nonce, current timestamp, HMAC. */
export function signedHeaders(
  key: DemoVendorKey,
  method: string,
  pathWithQuery: string,
  body: string,
): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(18).toString('base64url');
  const canonical = canonicalRequest({ method, pathWithQuery, timestamp, nonce, body: Buffer.from(body) });
  return {
    'content-type': 'application/json',
    'x-elg-key-id': key.keyId,
    'x-elg-timestamp': timestamp,
    'x-elg-nonce': nonce,
    'x-elg-signature': signCanonical(key.secret, canonical),
  };
}

/** One signed vendor call with fetch (set-up and polling, not load). */
export async function vendorPost<T>(base: string, key: DemoVendorKey, path: string, body: unknown) {
  const text = JSON.stringify(body);
  const response = await fetch(base + path, {
    method: 'POST',
    headers: signedHeaders(key, 'POST', path, text),
    body: text,
  });
  const json = (await response.json()) as T;
  return { status: response.status, json };
}
