import { randomBytes, randomInt } from 'node:crypto';
import type { PendingOidcRequest } from '../../shared/diary-oidc-client';

/** Who a browser signed in as, and how. */
export interface SignedIn {
  userId: number;
  schoolId: number;
  /**
   * `esia` when the gateway's ID token says `amr` esia; `gateway-password` for the diary's password typed on
   * the gateway's form (`amr` pwd); `password` for the diary's own form.
   */
  via: 'password' | 'esia' | 'gateway-password';
  /** The role the gateway's chooser picked (a sign-in through the gateway), shown on the home page. */
  role: string | null;
  /** After a sign-in through the gateway: its session id (back-channel logout) and the ID token (logout). */
  gateway: { sid: string | null; idToken: string } | null;
}

/** A browser on the emulator's pages (cookie NSSESSIONID), signed in or not. */
export interface BrowserSession {
  id: string;
  csrf: string;
  userId: number | null;
  schoolId: number | null;
  via: SignedIn['via'] | null;
  role: string | null;
  gateway: SignedIn['gateway'];
  /** A request this browser made at the gateway and has not come back from: its state, nonce, verifier. */
  oidc: PendingOidcRequest | null;
  /** The gateway's information window, shown once after a password sign-in (decision `warn`). */
  notice: { message: string; linked: boolean } | null;
}

/** A one-time login challenge from /webapi/auth/getdata. */
export interface LoginChallenge {
  lt: string;
  ver: string;
  salt: string;
  expiresAt: number;
}

/** An API session from /webapi/login, carried in the `at` header. */
export interface ApiSession {
  userId: number;
  schoolId: number;
}

/** What the gateway told the diary about a user's ESIA link (through the integration API). */
export interface EsiaLinkMark {
  linkId: string;
  linkedAt: string;
}

const token = (bytes: number) => randomBytes(bytes).toString('hex');
const digits = (length: number) => Array.from({ length }, () => randomInt(10)).join('');

/** Everything the emulator remembers, in memory: it is a development stand-in, one process, no restarts. */
export class SetevoyStore {
  readonly sessions = new Map<string, BrowserSession>();
  readonly challenges = new Map<string, LoginChallenge>();
  readonly apiSessions = new Map<string, ApiSession>();
  readonly esiaLinks = new Map<number, EsiaLinkMark>();

  /** A new session under a fresh id: anonymous, or signed in as `userId` at `schoolId`. */
  newSession(signedIn?: SignedIn): BrowserSession {
    const session: BrowserSession = {
      id: token(16),
      csrf: token(16),
      userId: null,
      schoolId: null,
      via: null,
      role: null,
      gateway: null,
      oidc: null,
      notice: null,
      ...signedIn,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** A challenge the next login must use once, within `ttlMs`. */
  newChallenge(nowMs: number, ttlMs: number): LoginChallenge {
    const challenge = { lt: digits(9), ver: digits(9), salt: digits(10), expiresAt: nowMs + ttlMs };
    this.challenges.set(challenge.lt, challenge);
    return challenge;
  }

  /** Takes the challenge out: a second login with the same `lt` finds nothing. */
  takeChallenge(lt: string, nowMs: number): LoginChallenge | undefined {
    const challenge = this.challenges.get(lt);
    this.challenges.delete(lt);
    return challenge && challenge.expiresAt > nowMs ? challenge : undefined;
  }

  newApiSession(session: ApiSession): string {
    const at = token(24);
    this.apiSessions.set(at, session);
    return at;
  }
}
