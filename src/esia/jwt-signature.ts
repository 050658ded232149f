import { verify as nodeVerify } from 'node:crypto';
import type { TrustedKey } from './esia-certificates';
import { EsiaTokenInvalidError } from './esia.errors';
import type { EsiaTokenAlg } from './esia.settings';
import { verifyGost } from './signers';

/** A JWT split into what the checks read; nothing in it is trusted yet. */
export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

type Which = 'id_token' | 'access_token';

const json = (part: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
};

/** Splits and parses a compact JWT; anything malformed is refused. */
export function decodeJwt(token: string, which: Which): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new EsiaTokenInvalidError('malformed', which);
  try {
    return {
      header: json(parts[0]!),
      payload: json(parts[1]!),
      signingInput: Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
      signature: Buffer.from(parts[2]!, 'base64url'),
    };
  } catch {
    throw new EsiaTokenInvalidError('malformed', which);
  }
}

function verifyWith(key: TrustedKey, jwt: DecodedJwt): boolean {
  if (key.alg === 'GOST3410_2012_256') return verifyGost(jwt.signingInput, jwt.signature, key.pem);
  return nodeVerify('sha256', jwt.signingInput, key.rsaKey!, jwt.signature);
}

/**
 * Verifies the signature with the configured algorithm only (`none`, unknown and switched algorithms are
 * refused before any key is touched). A known `kid` picks its key; otherwise every trusted key of that
 * algorithm is tried, so a rotation works whether or not ESIA names its key.
 */
export function verifyJwtSignature(
  jwt: DecodedJwt,
  alg: EsiaTokenAlg,
  keys: readonly TrustedKey[],
  which: Which,
): void {
  if (jwt.header.alg !== alg) throw new EsiaTokenInvalidError('alg', which);
  const candidates = keys.filter((k) => k.alg === alg);
  const named = candidates.find((k) => k.kid === jwt.header.kid);
  if (named) {
    if (!verifyWith(named, jwt)) throw new EsiaTokenInvalidError('signature', which);
    return;
  }
  if (candidates.some((k) => verifyWith(k, jwt))) return;
  throw new EsiaTokenInvalidError(typeof jwt.header.kid === 'string' ? 'unknown_key' : 'signature', which);
}
