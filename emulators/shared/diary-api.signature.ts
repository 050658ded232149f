import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** A key the diary API accepts from the gateway: the key id the operator issued and its secret. */
export interface DiaryApiKey {
  readonly keyId: string;
  readonly secret: string;
}

/**
 * Mistakes a vendor could make in the check, made on purpose only by the reference diary's broken modes (the
 * conformance kit must catch each).
 */
export interface SignatureFaults {
  /** Takes any X-ELG-Signature. */
  readonly acceptsBadSignature?: boolean;
  /** Forgets nonces: a replayed request is answered again. */
  readonly acceptsReplayedNonce?: boolean;
}

/** What the check needs of a diary: its clock, the keys it accepts, its spent nonces (key:nonce → forget at, ms). */
export interface SignatureContext {
  readonly clock: { now(): Date };
  readonly keys: readonly DiaryApiKey[];
  readonly nonces: Map<string, number>;
  readonly faults?: SignatureFaults;
}

/** How far the gateway's clock may be from the diary's, and so how long a nonce is remembered (twice this). */
const TOLERANCE_SECONDS = 300;

/** Why a request's signature is refused: the API's error codes. */
export type SignatureRefusal =
  'headers_missing' | 'unknown_key' | 'timestamp_out_of_range' | 'signature_invalid' | 'nonce_replayed';

/**
 * The diary's check of the gateway's HMAC, written from the API document (docs/diary-api.openapi.json,
 * "Authentication"), not from the gateway's code: the five-line canonical string, base64url HMAC-SHA256, a
 * timestamp within ±300 s, and a nonce spent only once the signature is right. Every emulated diary and
 * extension checks with this one function.
 */
export function checkSignature(
  req: Request & { rawBody?: Buffer },
  ctx: SignatureContext,
): SignatureRefusal | null {
  const keyId = req.get('x-elg-key-id');
  const timestamp = req.get('x-elg-timestamp');
  const nonce = req.get('x-elg-nonce');
  const signature = req.get('x-elg-signature');
  if (!keyId || !timestamp || !nonce || !signature) return 'headers_missing';
  if (!/^\d{1,12}$/.test(timestamp) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return 'headers_missing';
  const now = ctx.clock.now().getTime();
  if (Math.abs(now / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return 'timestamp_out_of_range';
  const key = ctx.keys.find((k) => k.keyId === keyId);
  if (!key) return 'unknown_key';
  if (!ctx.faults?.acceptsBadSignature) {
    const bodyHash = createHash('sha256')
      .update(req.rawBody ?? Buffer.alloc(0))
      .digest('hex');
    const canonical = `${req.method}\n${req.originalUrl}\n${timestamp}\n${nonce}\n${bodyHash}`;
    const expected = Buffer.from(createHmac('sha256', key.secret).update(canonical).digest('base64url'));
    const sent = Buffer.from(signature);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return 'signature_invalid';
  }
  if (ctx.faults?.acceptsReplayedNonce) return null;
  for (const [seen, until] of ctx.nonces) if (until <= now) ctx.nonces.delete(seen);
  const spent = `${keyId}:${nonce}`;
  if (ctx.nonces.has(spent)) return 'nonce_replayed';
  ctx.nonces.set(spent, now + TOLERANCE_SECONDS * 2 * 1000);
  return null;
}
