import { SIGN_IN_PURPOSES, type SignInPurpose } from '../sign-in/sign-in-state';

/** The purposes an ESIA sign-in can serve: those of every sign-in (DESIGN §5.2). */
export const ESIA_PURPOSES = SIGN_IN_PURPOSES;
/** One of ESIA_PURPOSES. */
export type EsiaPurpose = SignInPurpose;

/** ESIA's token signature algorithms (chosen per client at registration). */
export type EsiaTokenAlg = 'GOST3410_2012_256' | 'RS256';

/** What the ESIA client needs to know, built from src/config/esia.ts by the composition root. */
export interface EsiaSettings {
  /** ESIA's base URL without a trailing slash, e.g. https://esia-portal1.test.gosuslugi.ru. */
  readonly baseUrl: string;
  /** The client system's mnemonic registered at ESIA. */
  readonly clientId: string;
  /** Exact `iss` of ESIA's tokens: `http://esia.gosuslugi.ru/` (http, trailing slash). */
  readonly issuer: string;
  /** Space-separated scopes, exactly as signed. */
  readonly scope: string;
  readonly accessType: 'online' | 'offline';
  /** The algorithm ESIA was told to sign this client's tokens with; anything else is refused. */
  readonly tokenAlg: EsiaTokenAlg;
  /** Absolute callback address registered at ESIA. */
  readonly redirectUri: string;
  /** PEM certificates of ESIA's token keys; several during a yearly rotation. */
  readonly certificatesPem: readonly string[];
  /** Bound on each ESIA HTTP request. */
  readonly timeoutMs: number;
}

/** Clock skew tolerated on exp, nbf and iat. */
export const TOKEN_LEEWAY_SECONDS = 60;
