import { randomBytes, randomUUID } from 'node:crypto';

/** An authorization request that passed every v2/ac check and waits for sign-in and consent. */
export interface PendingAuthorization {
  id: string;
  clientId: string;
  scopes: string[];
  scope: string;
  scopeOrg: string;
  state: string;
  redirectUri: string;
  accessType: 'online' | 'offline';
  nonce?: string;
  createdAt: number;
}

/** What an authorization code stands for; `usedAt` makes it single-use. */
export interface IssuedCode {
  clientId: string;
  oid: number;
  scopes: string[];
  scope: string;
  redirectUri: string;
  accessType: 'online' | 'offline';
  nonce?: string;
  authTime: number;
  issuedAt: number;
  usedAt?: number;
}

/** A refresh token's grant (offline access). */
export interface IssuedRefresh {
  clientId: string;
  oid: number;
  scopes: string[];
  scope: string;
  redirectUri: string;
  authTime: number;
}

/** An access token the person API will accept, with the claims that decide what it may read. */
export interface IssuedAccess {
  oid: number;
  scopes: Set<string>;
  exp: number;
  nbf: number;
}

/** The emulator's browser session: a CSRF token and, after sign-in, who is signed in. */
export interface BrowserSession {
  id: string;
  csrf: string;
  oid: number | null;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

/** Everything the emulator remembers, in memory: a restart forgets it all, like an ESIA session ending. */
export class EmulatorStore {
  readonly pending = new Map<string, PendingAuthorization>();
  readonly codes = new Map<string, IssuedCode>();
  readonly refreshTokens = new Map<string, IssuedRefresh>();
  readonly accessTokens = new Map<string, IssuedAccess>();
  readonly sessions = new Map<string, BrowserSession>();

  addPending(request: Omit<PendingAuthorization, 'id'>): PendingAuthorization {
    const pending = { ...request, id: randomUUID() };
    this.pending.set(pending.id, pending);
    return pending;
  }

  addCode(grant: IssuedCode): string {
    const code = token(48);
    this.codes.set(code, grant);
    return code;
  }

  addRefresh(grant: IssuedRefresh): string {
    const refresh = token(48);
    this.refreshTokens.set(refresh, grant);
    return refresh;
  }

  newSession(oid: number | null = null): BrowserSession {
    const session = { id: token(24), csrf: token(24), oid };
    this.sessions.set(session.id, session);
    return session;
  }
}
