import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../../core/clock';
import { ReplayedRequestError } from '../../core/errors';
import type { OneTimeMark } from '../../core/ports/rate-limiter.port';
import type { StateStore } from '../../core/ports/state-store.port';
import type { VendorKey } from '../../store/api-credentials.repository';
import { VendorAuthError } from './vendor-auth.errors';

declare module 'express-serve-static-core' {
  interface Request {
    /** The raw request body, kept by the body parsers for signature checks. */
    rawBody?: Buffer;
    /**
     * Set once a vendor request's HMAC is verified: the diary instance it speaks for. `nonce` only on a route
     * that spends the nonce itself (`leaveNonceToRoute`): the mark it must spend before doing anything.
     */
    vendor?: { instanceId: string; keyId: string; nonce?: OneTimeMark };
    /** Set by `leaveNonceToRoute`: the route spends the nonce, in the same step as its rate limits. */
    vendorNonceLeftToRoute?: true;
  }
}

/** Where vendor keys come from (the repository, usually behind a short cache). */
export interface VendorKeySource {
  find(keyId: string): Promise<VendorKey | null>;
}

export interface VendorAuthDeps {
  readonly keys: VendorKeySource;
  readonly stateStore: StateStore;
  readonly clock: Clock;
}

/** How far a vendor's clock may be from ours; also how long a nonce is remembered (twice this). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** The string a vendor signs (docs/vendor-api.md): method, path with query, timestamp, nonce, body hash. */
export function canonicalRequest(input: {
  method: string;
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  body: Buffer;
}): string {
  const bodyHash = createHash('sha256').update(input.body).digest('hex');
  return [input.method.toUpperCase(), input.pathWithQuery, input.timestamp, input.nonce, bodyHash].join('\n');
}

/** base64url (unpadded) HMAC-SHA256 of the canonical string: what `X-ELG-Signature` carries. */
export function signCanonical(secret: string, canonical: string): string {
  return createHmac('sha256', secret).update(canonical).digest('base64url');
}

function readHeaders(req: Request) {
  const keyId = req.get('x-elg-key-id');
  const timestamp = req.get('x-elg-timestamp');
  const nonce = req.get('x-elg-nonce');
  const signature = req.get('x-elg-signature');
  if (!keyId || !timestamp || !nonce || !signature) throw new VendorAuthError('headers_missing');
  if (!KEY_ID_PATTERN.test(keyId) || !NONCE_PATTERN.test(nonce) || !/^\d{1,12}$/.test(timestamp))
    throw new VendorAuthError('headers_missing');
  return { keyId, timestamp, nonce, signature };
}

function assertFresh(timestamp: string, clock: Clock): void {
  const skew = Math.abs(clock.now().getTime() / 1000 - Number(timestamp));
  if (skew > TIMESTAMP_TOLERANCE_SECONDS) throw new VendorAuthError('timestamp_out_of_range');
}

async function findUsableKey(keyId: string, deps: VendorAuthDeps): Promise<VendorKey> {
  const key = await deps.keys.find(keyId);
  if (!key) throw new VendorAuthError('unknown_key');
  if (key.expiresAt && key.expiresAt <= deps.clock.now()) throw new VendorAuthError('key_expired');
  return key;
}

function assertSignature(
  req: Request,
  key: VendorKey,
  h: { timestamp: string; nonce: string; signature: string },
): void {
  const canonical = canonicalRequest({
    method: req.method,
    pathWithQuery: req.originalUrl,
    timestamp: h.timestamp,
    nonce: h.nonce,
    body: req.rawBody ?? Buffer.alloc(0),
  });
  const expected = Buffer.from(signCanonical(key.secret, canonical));
  const sent = Buffer.from(h.signature);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
    throw new VendorAuthError('signature_invalid');
}

/**
 * Authenticates a vendor request: headers present, timestamp fresh, key known and not expired, HMAC right,
 * and only then the nonce is spent (so a forger cannot burn a vendor's nonces). Sets `req.vendor`. On a route
 * behind `leaveNonceToRoute` the nonce is handed to the route unspent instead (`req.vendor.nonce`).
 */
export function vendorAuthentication(deps: VendorAuthDeps) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const headers = readHeaders(req);
    assertFresh(headers.timestamp, deps.clock);
    const key = await findUsableKey(headers.keyId, deps);
    assertSignature(req, key, headers);
    const nonce = {
      key: `vendor-nonce:${key.keyId}:${headers.nonce}`,
      ttlSeconds: TIMESTAMP_TOLERANCE_SECONDS * 2,
    };
    if (req.vendorNonceLeftToRoute) {
      req.vendor = { instanceId: key.instanceId, keyId: key.keyId, nonce };
      return next();
    }
    if (!(await deps.stateStore.putIfAbsent(nonce.key, nonce.ttlSeconds))) throw new ReplayedRequestError();
    req.vendor = { instanceId: key.instanceId, keyId: key.keyId };
    next();
  };
}

/**
 * Put before `vendorAuthentication` on a route that spends the nonce itself, in the same step as counting the
 * request against its rate limits (the password decisions: one Redis round trip instead of two, issue 11).
 * The route must spend `req.vendor.nonce` before it does or answers anything but a refusal of its input.
 */
export const leaveNonceToRoute = (req: Request, _res: Response, next: NextFunction): void => {
  req.vendorNonceLeftToRoute = true;
  next();
};

/**
 * Keeps vendor keys in memory for `ttlMs` so that a signed call costs no database query; a revoked key stops
 * working within that time. Unknown ids are remembered briefly too, so a flood of made-up ids cannot reach
 * the database on every request.
 */
export function cachedVendorKeys(
  source: VendorKeySource,
  clock: Clock,
  ttlMs = 30_000,
  negativeTtlMs = 5_000,
): VendorKeySource {
  const cache = new Map<string, { key: VendorKey | null; until: number }>();
  return {
    async find(keyId) {
      const now = clock.now().getTime();
      const hit = cache.get(keyId);
      if (hit && hit.until > now) return hit.key;
      const key = await source.find(keyId);
      if (cache.size > 10_000) cache.clear();
      cache.set(keyId, { key, until: now + (key ? ttlMs : negativeTtlMs) });
      return key;
    },
  };
}
