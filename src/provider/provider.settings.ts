import { hkdfSync } from 'node:crypto';
import type { EsiaAccountLevel } from '../esia/token-checks';

/** Where the provider is mounted on the gateway's origin; the issuer is `PUBLIC_URL` + this. */
export const PROVIDER_PATH = '/oidc';

/** Lifetimes, in seconds: short for what a browser carries, long only for what «Остаться в системе» keeps. */
export const PROVIDER_TTL = {
  /** A code is redeemed by the diary's backend right after the redirect; a pending link lives as long. */
  authorizationCode: 60,
  pushedRequest: 90,
  interaction: 30 * 60,
  idToken: 60 * 60,
  accessToken: 10 * 60,
  /** Refresh tokens exist only for a diary's mobile app (offline_access). */
  refreshToken: 30 * 24 * 60 * 60,
  /** «Остаться в системе»: the provider session, and the grants under it, outlive the browser. */
  rememberedSession: 14 * 24 * 60 * 60,
  /** Without it: a browser-session cookie, and the server forgets the session soon after. */
  transientSession: 8 * 60 * 60,
} as const;

/**
 * The provider's account is the person who signed in: `esia:<oid>` after ESIA, `pwd:<instance>:<user>` after
 * a diary password. One provider session can then reach several diaries; what each diary receives as `sub` is
 * its own account, chosen in the interaction and kept per grant (diary-sign-ins.ts).
 */
export const accountIds = {
  esia: (oid: string) => `esia:${oid}`,
  password: (instanceId: string, userId: string) => `pwd:${instanceId}:${userId}`,
};

/** Where the provider's records live in the shared store (`op:<Model>:<id>`). */
export const PROVIDER_RECORD_PREFIX = 'op:';

/** The channel on which `ops rotate-signing-key` tells every gateway process to reload the keys. */
export const PROVIDER_KEYS_CHANNEL = 'provider-keys';

/** Published signing keys stay in the JWKS this long after retirement: longer than any token they signed. */
export const RETIRED_KEY_RETENTION_SECONDS = 24 * 60 * 60;

/** `acr` of the ID token: ESIA's account level (DESIGN §6), or the diary password. */
export const ACR = {
  esia: {
    PR: 'esia:confirmed',
    P: 'esia:standard',
    KD: 'esia:child',
    unknown: 'esia:unknown',
  } satisfies Record<EsiaAccountLevel, string>,
  password: 'diary:password',
} as const;

/** Every `acr` the provider can issue, for discovery. */
export const ACR_VALUES = [...Object.values(ACR.esia), ACR.password];

/** `amr` of the ID token. */
export const AMR = { esia: 'esia', password: 'pwd' } as const;

/**
 * Keys that sign the provider's cookies, derived from SESSION_SECRET (one secret to rotate, the first signs,
 * the others still verify; each use gets its own key: HKDF with a label).
 */
export function providerCookieKeys(sessionSecrets: readonly string[]): string[] {
  return sessionSecrets.map((secret) =>
    Buffer.from(hkdfSync('sha256', secret, 'esia-link-gateway', 'oidc-provider cookies', 32)).toString(
      'base64url',
    ),
  );
}
