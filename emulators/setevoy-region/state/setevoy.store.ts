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

/** A one-time login challenge from /webapi/auth/getdata, bound to the NSSESSIONID session that asked for it. */
export interface LoginChallenge {
  lt: string;
  ver: string;
  /** Absent on a host where the password login is off (it signs in through Госуслуги only). */
  salt: string | null;
  sessionId: string;
  expiresAt: number;
}

/** An API session from /webapi/login, carried in the `at` header. */
export interface ApiSession {
  userId: number;
  schoolId: number;
}

/** What the gateway told the diary about a user's ESIA link (a link notice of the diary-API extension). */
export interface EsiaLinkMark {
  linkId: string;
  linkedAt: string;
}

/** What outlives a restart (the state file): the link marks and the link notices already taken. */
export interface SavedSetevoyState {
  esiaLinks: Array<[number, EsiaLinkMark]>;
  noticeKeys: Array<[string, NoticeOutcome]>;
}

/** How a link notice was taken, remembered by its Idempotency-Key so that a repeat answers the same. */
export type NoticeOutcome = 'recorded' | 'superseded';

const token = (bytes: number) => randomBytes(bytes).toString('hex');
const digits = (length: number) => Array.from({ length }, () => randomInt(10)).join('');

/**
 * Everything the emulator remembers. Sessions and challenges live in memory, as a real installation's do not
 * survive its restart either; the link marks and the notices taken are its database: with a state file they are
 * kept across restarts (`changed` is called after each change), as ЦОП's emulator keeps its queue.
 */
export class SetevoyStore {
  readonly sessions = new Map<string, BrowserSession>();
  readonly challenges = new Map<string, LoginChallenge>();
  readonly apiSessions = new Map<string, ApiSession>();
  readonly esiaLinks: Map<number, EsiaLinkMark>;
  readonly noticeKeys: Map<string, NoticeOutcome>;
  /** Spent HMAC nonces of the extension, with when they may be forgotten (ms). */
  readonly nonces = new Map<string, number>();

  constructor(
    saved?: SavedSetevoyState,
    private readonly changed: () => void = () => undefined,
  ) {
    this.esiaLinks = new Map(saved?.esiaLinks ?? []);
    this.noticeKeys = new Map(saved?.noticeKeys ?? []);
  }

  /** What the state file keeps. */
  saved(): SavedSetevoyState {
    return { esiaLinks: [...this.esiaLinks], noticeKeys: [...this.noticeKeys] };
  }

  /**
   * A link notice, once per Idempotency-Key: `created` marks the account, `removed` clears the mark only when it
   * is the link named (a late removal of an older link leaves a newer one: 'superseded'). A repeat answers
   * 'already_recorded' and changes nothing.
   */
  takeNotice(
    key: string,
    notice: { event: 'created' | 'removed'; linkId: string; userId: number; at: string },
  ): NoticeOutcome | 'already_recorded' {
    if (this.noticeKeys.has(key)) return 'already_recorded';
    let outcome: NoticeOutcome = 'recorded';
    if (notice.event === 'created')
      this.esiaLinks.set(notice.userId, { linkId: notice.linkId, linkedAt: notice.at });
    else if (this.esiaLinks.get(notice.userId)?.linkId === notice.linkId)
      this.esiaLinks.delete(notice.userId);
    else outcome = 'superseded';
    this.noticeKeys.set(key, outcome);
    this.changed();
    return outcome;
  }

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

  /** A challenge the next login of this session must use once, within `ttlMs` (no salt: no password login). */
  newChallenge(sessionId: string, nowMs: number, ttlMs: number, withSalt = true): LoginChallenge {
    const challenge = {
      lt: digits(9),
      ver: digits(9),
      salt: withSalt ? digits(10) : null,
      sessionId,
      expiresAt: nowMs + ttlMs,
    };
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
