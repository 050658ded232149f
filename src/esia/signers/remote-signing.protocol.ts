import crypto from 'node:crypto';

/**
 * Remote signing protocol v1 (documented in emulators/signing-service/README.md; the reference service implements
 * it from that text, not from this file):
 *
 *   POST /v1/sign                       {"keyId","algorithm":"GOST3410_2012_256","data":base64}
 *                                    →  {"keyId","algorithm","signature":base64 of 64 bytes, OpenSSL byte order}
 *   GET  /v1/keys/{keyId}/certificate →  {"keyId","certificate":PEM}
 *
 * Every request carries X-Signer-Client, X-Signer-Timestamp (Unix seconds), X-Signer-Nonce (32 hex) and
 * X-Signer-Signature = base64url(HMAC-SHA256(secret, METHOD \n PATH \n TIMESTAMP \n NONCE \n hex(SHA-256(body)))).
 */

export const REMOTE_SIGNING_ALGORITHM = 'GOST3410_2012_256';

/** The header names of the request authentication. */
export const SIGNER_AUTH_HEADERS = {
  client: 'x-signer-client',
  timestamp: 'x-signer-timestamp',
  nonce: 'x-signer-nonce',
  signature: 'x-signer-signature',
} as const;

/** The string the HMAC covers: method, path with query, timestamp, nonce and the body's SHA-256. */
export function canonicalSigningRequest(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: Buffer,
): string {
  const bodyHash = crypto.createHash('sha256').update(body).digest('hex');
  return [method.toUpperCase(), pathWithQuery, timestamp, nonce, bodyHash].join('\n');
}

/** Headers that authenticate one request; a fresh nonce each call, so a retry is never taken for a replay. */
export function signingRequestHeaders(
  clientId: string,
  secret: string,
  method: string,
  pathWithQuery: string,
  body: Buffer,
  now: Date,
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = crypto.randomBytes(16).toString('hex');
  const mac = crypto
    .createHmac('sha256', secret)
    .update(canonicalSigningRequest(method, pathWithQuery, timestamp, nonce, body))
    .digest('base64url');
  return {
    [SIGNER_AUTH_HEADERS.client]: clientId,
    [SIGNER_AUTH_HEADERS.timestamp]: timestamp,
    [SIGNER_AUTH_HEADERS.nonce]: nonce,
    [SIGNER_AUTH_HEADERS.signature]: mac,
  };
}
