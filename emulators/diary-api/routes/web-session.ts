import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { EljurAccount } from '../diary-api.fixture';
import type { EljurContext } from '../diary-api-emulator.options';
import type { EljurSession, EljurStore } from '../diary-api.store';

const COOKIE = 'eljur_session';

function readCookie(req: Request): string {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === COOKIE) return decodeURIComponent(value.join('='));
  }
  return '';
}

function setCookie(res: Response, session: EljurSession): void {
  // Lax keeps the cookie on the gateway's redirect back here.
  res.cookie(COOKIE, session.id, { httpOnly: true, sameSite: 'lax', path: '/' });
}

/** The browser's session, created (with its CSRF token) on first sight. */
export function browserSession(store: EljurStore, req: Request, res: Response): EljurSession {
  const existing = store.sessions.get(readCookie(req));
  if (existing) return existing;
  const session = store.newSession();
  setCookie(res, session);
  return session;
}

/** Signs a user in under a fresh session id. */
export function signIn(
  store: EljurStore,
  req: Request,
  res: Response,
  userId: string,
  via: 'password' | 'esia',
): EljurSession {
  store.sessions.delete(readCookie(req));
  const session = store.newSession(userId, via);
  setCookie(res, session);
  return session;
}

/** Ends the browser's session. */
export function signOut(store: EljurStore, req: Request, res: Response): void {
  store.sessions.delete(readCookie(req));
  res.clearCookie(COOKIE, { path: '/' });
}

/** The signed-in, unlocked account of this browser, or undefined. */
export function signedIn(
  store: EljurStore,
  req: Request,
): { session: EljurSession; account: EljurAccount } | undefined {
  const session = store.sessions.get(readCookie(req));
  const account = session?.userId ? store.accounts.get(session.userId) : undefined;
  if (!session || !account || account.locked) return undefined;
  return { session, account };
}

/** The form's CSRF token equals the session's. */
export function csrfMatches(session: EljurSession, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Strict headers for every page: forms only to the diary and the gateway, no Referer (codes ride in URLs). */
export function pageSecurity(ctx: EljurContext) {
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
