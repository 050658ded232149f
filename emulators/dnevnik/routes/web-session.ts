import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import type { DnevnikPerson } from '../dnevnik.fixture';
import type { DnevnikStore, WebSession } from '../dnevnik.store';

const COOKIE = 'dnevnik_session';

function readCookie(req: Request): string {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === COOKIE) return decodeURIComponent(value.join('='));
  }
  return '';
}

function setCookie(res: Response, session: WebSession): void {
  // Plain HTTP on 127.0.0.1, so no Secure flag; Lax keeps the cookie on the gateway's redirect back here.
  res.cookie(COOKIE, session.id, { httpOnly: true, sameSite: 'lax', path: '/' });
}

/** The browser's session, created (with its CSRF token) on first sight. */
export function browserSession(store: DnevnikStore, req: Request, res: Response): WebSession {
  const existing = store.sessions.get(readCookie(req));
  if (existing) return existing;
  const session = store.newSession();
  setCookie(res, session);
  return session;
}

/** Signs a user in under a fresh session id, so an id seen before sign-in is worth nothing after it. */
export function signIn(
  store: DnevnikStore,
  req: Request,
  res: Response,
  userId: string,
  via: NonNullable<WebSession['via']>,
): WebSession {
  store.sessions.delete(readCookie(req));
  const session = store.newSession(userId, via);
  setCookie(res, session);
  return session;
}

/** Ends the browser's session. */
export function signOut(store: DnevnikStore, req: Request, res: Response): void {
  store.sessions.delete(readCookie(req));
  res.clearCookie(COOKIE, { path: '/' });
}

/** The signed-in user of this browser, or undefined. */
export function signedInUser(
  store: DnevnikStore,
  req: Request,
): { session: WebSession; person: DnevnikPerson & { userId: string } } | undefined {
  const session = store.sessions.get(readCookie(req));
  const person = session?.userId ? store.user(session.userId) : undefined;
  if (!session || !person || person.blocked) return undefined;
  return { session, person: person as DnevnikPerson & { userId: string } };
}

/** The form's CSRF token equals the session's. */
export function csrfMatches(session: WebSession, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Strict headers for every page: no inline script or style, forms only to the diary itself and the gateway
 * (Chromium applies form-action to the redirect after a POST), no Referer (the authorization code is in a URL).
 */
export function pageSecurity(ctx: DnevnikContext) {
  const gatewayOrigin = ctx.gateway ? ` ${new URL(ctx.gateway.url).origin}` : '';
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
