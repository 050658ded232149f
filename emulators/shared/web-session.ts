import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/** What every emulated diary keeps of a browser: the session id its cookie carries and the forms' CSRF token. */
export interface BrowserSession {
  id: string;
  csrf: string;
  /** Who is signed in, and how; null while nobody is. */
  userId: string | null;
  via: string | null;
}

/** A diary's session table and how it opens a session (signed out, or for a user who has just signed in). */
export interface SessionStore<S extends BrowserSession> {
  readonly sessions: Map<string, S>;
  newSession(userId?: string | null, via?: S['via']): S;
}

/**
 * A diary's browser sessions under its own cookie name. Plain HTTP on 127.0.0.1, so no Secure flag; Lax keeps
 * the cookie on the gateway's redirect back to the diary.
 */
export function cookieSessions<S extends BrowserSession>(cookie: string) {
  const read = (req: Request): string => {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [key, ...value] = part.trim().split('=');
      if (key === cookie) return decodeURIComponent(value.join('='));
    }
    return '';
  };
  const set = (res: Response, session: S) =>
    void res.cookie(cookie, session.id, { httpOnly: true, sameSite: 'lax', path: '/' });
  return {
    /** The signed-in session and its account, when `accountOf` finds one still allowed in (not blocked). */
    signedIn<A>(
      store: SessionStore<S>,
      req: Request,
      accountOf: (userId: string) => A | undefined,
    ): { session: S; account: A } | undefined {
      const session = store.sessions.get(read(req));
      const account = session?.userId ? accountOf(session.userId) : undefined;
      return session && account ? { session, account } : undefined;
    },

    /** The browser's session, created (with its CSRF token) on first sight. */
    browserSession(store: SessionStore<S>, req: Request, res: Response): S {
      const existing = store.sessions.get(read(req));
      if (existing) return existing;
      const session = store.newSession();
      set(res, session);
      return session;
    },

    /** Signs a user in under a fresh session id, so an id seen before sign-in is worth nothing after it. */
    signIn(
      store: SessionStore<S>,
      req: Request,
      res: Response,
      userId: string,
      via: NonNullable<S['via']>,
    ): S {
      store.sessions.delete(read(req));
      const session = store.newSession(userId, via);
      set(res, session);
      return session;
    },

    /** Ends the browser's session. */
    signOut(store: SessionStore<S>, req: Request, res: Response): void {
      store.sessions.delete(read(req));
      res.clearCookie(cookie, { path: '/' });
    },
  };
}

/** A diary's cookie sessions, as `cookieSessions` makes them. */
export type CookieSessions<S extends BrowserSession> = ReturnType<typeof cookieSessions<S>>;

/** The form's CSRF token equals the session's. */
export function csrfMatches(session: { csrf: string }, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Strict headers for every page: no inline script or style, forms only to the diary itself and the gateway
 * (Chromium applies form-action to the redirect after a POST), no Referer (the authorization code is in a URL).
 */
export function pageSecurity(gateway: { url: string } | null) {
  const gatewayOrigin = gateway ? ` ${new URL(gateway.url).origin}` : '';
  const csp =
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; " +
    `form-action 'self'${gatewayOrigin}`;
  return (_req: Request, res: Response, next: () => void) => {
    res.set({
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    next();
  };
}
