import type { PendingOidcRequest } from '../shared/diary-oidc-client';
import { randomBytes } from 'node:crypto';
import type { DnevnikData, DnevnikPerson, DnevnikSchool } from './dnevnik.fixture';

/** What the gateway told the diary about a user's ESIA link. */
export interface EsiaLinkMark {
  linkId: string;
  linkedAt: string;
}

/** A browser signed in to the diary's pages. */
export interface WebSession {
  id: string;
  csrf: string;
  userId: string | null;
  /**
   * How the user got in: the diary's own password form, or through the gateway: ESIA, or the gateway's
   * password form (`amr` pwd).
   */
  via: 'password' | 'esia' | 'gateway-password' | null;
  /** The gateway's information window to show once after a password sign-in (decision `warn`). */
  notice: { message: string; cutoverDate: string | null; daysLeft: number | null; linked: boolean } | null;
  /** The organization and role the gateway's chooser picked (ESIA sign-in only). */
  chosen: { organizationId: string; role: string } | null;
  /** A request this browser made at the gateway and has not come back from: its state, nonce, verifier. */
  oidc: PendingOidcRequest | null;
  /** After a sign-in through the gateway: its session id (back-channel logout) and the ID token (logout). */
  gateway: { sid: string | null; idToken: string } | null;
}

const token = (bytes = 24) => randomBytes(bytes).toString('base64url');

/** The emulator's state: fixture data (read-only), links, user tokens, browser sessions, failed attempts. */
export class DnevnikStore {
  readonly links = new Map<string, EsiaLinkMark>();
  /** How many times each link notice (by its link id, the notice's idempotency key) changed a mark: 1 at most. */
  readonly linkNoticesApplied = new Map<string, number>();
  readonly userTokens = new Map<string, string>();
  readonly sessions = new Map<string, WebSession>();
  readonly failures = new Map<string, number[]>();
  /** The extension's spent nonces (key:nonce) and until when they are remembered (ms). */
  readonly nonces = new Map<string, number>();
  /** What each Idempotency-Key of the extension was used for, so that a repeated notice changes nothing. */
  readonly idempotent = new Map<string, string>();

  constructor(readonly data: DnevnikData) {}

  /** The login account `userId`, or undefined. */
  user(userId: string): DnevnikPerson | undefined {
    return this.data.people.find((p) => p.userId !== null && p.userId === userId);
  }

  /** The school record `personId`, or undefined. */
  person(personId: string): DnevnikPerson | undefined {
    return this.data.people.find((p) => p.personId === personId);
  }

  /** The account a login names (logins are case-insensitive, as people type them). */
  byLogin(login: string): DnevnikPerson | undefined {
    const wanted = login.trim().toLowerCase();
    return this.data.people.find((p) => p.login !== null && p.login.toLowerCase() === wanted);
  }

  school(schoolId: string): DnevnikSchool | undefined {
    return this.data.schools.find((s) => s.id === schoolId);
  }

  children(person: DnevnikPerson): DnevnikPerson[] {
    return person.childPersonIds.map((id) => this.person(id)).filter((p): p is DnevnikPerson => !!p);
  }

  /** Issues a user's API token, as the password authorization does (what /v2/users/me answers to). */
  issueUserToken(userId: string): string {
    const value = token();
    this.userTokens.set(value, userId);
    return value;
  }

  newSession(userId: string | null = null, via: WebSession['via'] = null): WebSession {
    const session: WebSession = {
      id: token(),
      csrf: token(18),
      userId,
      via,
      chosen: null,
      notice: null,
      oidc: null,
      gateway: null,
    };
    this.sessions.set(session.id, session);
    return session;
  }
}
