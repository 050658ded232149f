import { randomBytes, randomUUID } from 'node:crypto';
import type { PendingOidcRequest } from '../shared/diary-oidc-client';
import type { EljurAccount, EljurData, EljurSchool } from './diary-api.fixture';

/** A browser's session at the diary: who is signed in, the CSRF token, and a pending gateway request. */
export interface EljurSession {
  id: string;
  csrf: string;
  userId: string | null;
  via: 'password' | 'esia' | null;
  /** The organization and role the person chose at the gateway (ID token `org`, `role`). */
  chosen: { organizationId: string; role: string } | null;
  oidc: PendingOidcRequest | null;
  gateway: { sid: string | null; idToken: string } | null;
}

/** An access request in the diary's own queue. */
export interface EljurAccessRequest {
  id: string;
  requestId: string;
  organizationId: string | null;
  status: 'open' | 'resolved' | 'rejected';
  resolution: string | null;
  userId: string | null;
}

/** The reference diary's state: its fixture, the links the gateway told it about, its queue, its sessions. */
export class EljurStore {
  readonly schools: ReadonlyMap<string, EljurSchool>;
  readonly accounts: ReadonlyMap<string, EljurAccount>;
  /** The diary's record of ESIA links, written by the gateway's link notices: userId → current linkId. */
  readonly links = new Map<string, string>();
  /** Idempotency keys of link notices already applied, with the answer given. */
  readonly noticeKeys = new Map<string, string>();
  readonly accessRequests = new Map<string, EljurAccessRequest>();
  readonly sessions = new Map<string, EljurSession>();
  /** Failed password checks per login: their times (ms). */
  readonly failures = new Map<string, number[]>();
  /** Spent nonces per key id, with when they may be forgotten (ms). */
  readonly nonces = new Map<string, number>();

  constructor(data: EljurData) {
    this.schools = new Map(data.schools.map((s) => [s.id, s]));
    this.accounts = new Map(data.accounts.map((a) => [a.userId, a]));
  }

  byLogin(login: string): EljurAccount | undefined {
    const wanted = login.trim().toLowerCase();
    return [...this.accounts.values()].find((a) => a.login.toLowerCase() === wanted);
  }

  newSession(userId: string | null = null, via: EljurSession['via'] = null): EljurSession {
    const session: EljurSession = {
      id: randomBytes(24).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
      userId,
      via,
      chosen: null,
      oidc: null,
      gateway: null,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** A new access request (or the one already taken under this request id: `repeat`). */
  takeAccessRequest(
    requestId: string,
    organizationId: string | null,
    idempotent: boolean,
  ): { request: EljurAccessRequest; repeat: boolean } {
    const existing = [...this.accessRequests.values()].find((r) => r.requestId === requestId);
    if (existing && idempotent) return { request: existing, repeat: true };
    const request: EljurAccessRequest = {
      id: `ar-${randomUUID()}`,
      requestId,
      organizationId,
      status: 'open',
      resolution: null,
      userId: null,
    };
    this.accessRequests.set(request.id, request);
    return { request, repeat: false };
  }
}
