import type { Clock } from '../core/clock';
import type { TrustedKey } from './esia-certificates';
import { EsiaTokenInvalidError } from './esia.errors';
import { TOKEN_LEEWAY_SECONDS, type EsiaSettings } from './esia.settings';
import { decodeJwt, verifyJwtSignature } from './jwt-signature';
import type { TokenResponse } from './token-exchange';

type Claims = Record<string, unknown>;
type Which = 'id_token' | 'access_token';

/** ESIA account levels: PR confirmed, P simplified/standard, KD a child's account. */
export type EsiaAccountLevel = 'PR' | 'P' | 'KD' | 'unknown';

/** What the checked tokens say about the person; nothing here is read before every check passed. */
export interface VerifiedTokens {
  /** ESIA oid, from `sub` and `urn:esia:sbj_id`, which agree. */
  readonly oid: string;
  readonly level: EsiaAccountLevel;
  /** `is_tru` present and true in the ID token. */
  readonly trustedByToken: boolean;
  /** Scopes granted, from the access token (without the `?oid=` suffix). */
  readonly scopes: ReadonlySet<string>;
  readonly accessToken: string;
}

/** exp is required; exp, nbf and iat are compared with `now` give or take TOKEN_LEEWAY_SECONDS. */
export function checkTimes(claims: Claims, now: Date, which: Which): void {
  const t = now.getTime() / 1000;
  const { exp, nbf, iat } = claims;
  if (typeof exp !== 'number') throw new EsiaTokenInvalidError('malformed', which);
  if (exp + TOKEN_LEEWAY_SECONDS <= t) throw new EsiaTokenInvalidError('expired', which);
  if (typeof nbf === 'number' && nbf - TOKEN_LEEWAY_SECONDS > t)
    throw new EsiaTokenInvalidError('not_yet_valid', which);
  if (typeof iat === 'number' && iat - TOKEN_LEEWAY_SECONDS > t)
    throw new EsiaTokenInvalidError('issued_in_future', which);
}

/** `iss` exactly ESIA's, character for character (http, trailing slash). */
export function checkIssuer(claims: Claims, issuer: string, which: Which): void {
  if (claims.iss !== issuer) throw new EsiaTokenInvalidError('issuer', which);
}

/** The ID token's `aud` names this client (a string or an array holding it). */
export function checkIdAudience(claims: Claims, clientId: string): void {
  const aud = claims.aud;
  const ok = aud === clientId || (Array.isArray(aud) && aud.includes(clientId));
  if (!ok) throw new EsiaTokenInvalidError('audience', 'id_token');
}

/** The access token's audience is its `client_id` claim. */
export function checkAccessAudience(claims: Claims, clientId: string): void {
  if (claims.client_id !== clientId) throw new EsiaTokenInvalidError('audience', 'access_token');
}

/** The ID token's `urn:esia:sbj`, whether its keys come prefixed (`urn:esia:sbj:lvl`) or bare (`lvl`). */
function subjectInfo(id: Claims): { oid?: unknown; lvl?: unknown; isTru?: unknown } {
  const sbj = (
    typeof id['urn:esia:sbj'] === 'object' && id['urn:esia:sbj'] !== null ? id['urn:esia:sbj'] : {}
  ) as Claims;
  const pick = (name: string) => sbj[`urn:esia:sbj:${name}`] ?? sbj[name];
  return { oid: pick('oid'), lvl: pick('lvl'), isTru: pick('is_tru') };
}

/** `sub`, `urn:esia:sbj:oid` and the access token's `urn:esia:sbj_id` name one person. */
export function checkSubject(id: Claims, access: Claims): string {
  const sub = id.sub;
  if ((typeof sub !== 'string' && typeof sub !== 'number') || String(sub) === '')
    throw new EsiaTokenInvalidError('subject', 'id_token');
  const oid = String(sub);
  if (String(access['urn:esia:sbj_id']) !== oid) throw new EsiaTokenInvalidError('subject', 'access_token');
  const inner = subjectInfo(id).oid;
  if (inner !== undefined && String(inner) !== oid) throw new EsiaTokenInvalidError('subject', 'id_token');
  return oid;
}

/** The level and confirmation the ID token states. */
export function accountLevel(id: Claims): { level: EsiaAccountLevel; trustedByToken: boolean } {
  const { lvl, isTru } = subjectInfo(id);
  const level: EsiaAccountLevel = lvl === 'PR' || lvl === 'P' || lvl === 'KD' ? lvl : 'unknown';
  return { level, trustedByToken: isTru === true || isTru === 'true' };
}

/** The scope names of the access token's `scope` claim (`fullname?oid=1` → `fullname`). */
export function grantedScopes(access: Claims): Set<string> {
  const scope = typeof access.scope === 'string' ? access.scope : '';
  return new Set(
    scope
      .split(' ')
      .filter(Boolean)
      .map((s) => s.split('?')[0]!),
  );
}

/** Every check on both tokens, signatures first; returns only what passed. */
export function verifyEsiaTokens(
  tokens: TokenResponse,
  settings: Pick<EsiaSettings, 'issuer' | 'clientId' | 'tokenAlg'>,
  keys: readonly TrustedKey[],
  clock: Clock,
): VerifiedTokens {
  const id = decodeJwt(tokens.idToken, 'id_token');
  const access = decodeJwt(tokens.accessToken, 'access_token');
  verifyJwtSignature(id, settings.tokenAlg, keys, 'id_token');
  verifyJwtSignature(access, settings.tokenAlg, keys, 'access_token');
  const now = clock.now();
  checkIssuer(id.payload, settings.issuer, 'id_token');
  checkIssuer(access.payload, settings.issuer, 'access_token');
  checkIdAudience(id.payload, settings.clientId);
  checkAccessAudience(access.payload, settings.clientId);
  checkTimes(id.payload, now, 'id_token');
  checkTimes(access.payload, now, 'access_token');
  const oid = checkSubject(id.payload, access.payload);
  return {
    oid,
    ...accountLevel(id.payload),
    scopes: grantedScopes(access.payload),
    accessToken: tokens.accessToken,
  };
}
