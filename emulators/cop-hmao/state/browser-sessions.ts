import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { PendingOidcRequest } from '../../shared/diary-oidc-client';

/** A user signed in through the gateway: the profile, organization and role its chooser picked, and how. */
export interface UserSession {
  readonly kind: 'user';
  readonly userId: string;
  readonly organizationId: string | null;
  readonly role: string;
  /** `esia` when the gateway's ID token says `amr` esia; `password` for the gateway's diary password form. */
  readonly via: 'esia' | 'password';
  readonly csrf: string;
  /** The gateway's session id (back-channel logout) and the ID token (RP-initiated logout). */
  readonly gateway: { readonly sid: string | null; readonly idToken: string };
}

/**
 * Who a browser is: a staff member of an organization, a user signed in through the gateway, or a visitor on
 * the way to the gateway, holding the state, nonce and PKCE verifier of its request.
 */
export type BrowserSession =
  | { readonly kind: 'staff'; readonly login: string; readonly csrf: string }
  | UserSession
  | { readonly kind: 'signing-in'; readonly oidc: PendingOidcRequest };

const COOKIE = 'COPSESSID';

/** In-memory browser sessions behind an HttpOnly, SameSite=Lax cookie (an emulator: no persistence). */
export class BrowserSessions {
  private readonly sessions = new Map<string, BrowserSession>();

  /**
   * Starts a new session in place of the browser's current one (a fresh id every time, so a planted cookie is
   * worthless).
   */
  start(req: Request, res: Response, session: BrowserSession): void {
    const old = cookieValue(req.headers.cookie, COOKIE);
    if (old) this.sessions.delete(old);
    const id = randomBytes(24).toString('base64url');
    this.sessions.set(id, session);
    res.append('Set-Cookie', `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
  }

  get(req: Request): BrowserSession | undefined {
    const id = cookieValue(req.headers.cookie, COOKIE);
    return id ? this.sessions.get(id) : undefined;
  }

  /** Forgets the browser's session without touching its cookie (a spent request to the gateway). */
  forget(req: Request): void {
    const id = cookieValue(req.headers.cookie, COOKIE);
    if (id) this.sessions.delete(id);
  }

  end(req: Request, res: Response): void {
    this.forget(req);
    res.append('Set-Cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  }

  /** Ends every session `which` picks (the gateway's back-channel logout); returns how many ended. */
  endWhere(which: (session: BrowserSession) => boolean): number {
    let ended = 0;
    for (const [id, session] of this.sessions)
      if (which(session)) {
        this.sessions.delete(id);
        ended += 1;
      }
    return ended;
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** A new CSRF token for a session's forms. */
export const newCsrfToken = (): string => randomBytes(18).toString('base64url');
