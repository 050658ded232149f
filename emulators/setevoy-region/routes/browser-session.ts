import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { DiaryUser } from '../setevoy.directory';
import type { SetevoyContext } from '../setevoy-emulator.options';
import type { BrowserSession, SignedIn } from '../state/setevoy.store';
import type { HeaderUser } from '../views/layout.view';

const COOKIE = 'NSSESSIONID';

function readCookie(req: Request): string {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === COOKIE) return decodeURIComponent(value.join('='));
  }
  return '';
}

const setCookie = (res: Response, session: BrowserSession) =>
  // Plain HTTP on 127.0.0.1 in development, hence no Secure flag; Lax keeps it on the gateway's redirect back.
  res.cookie(COOKIE, session.id, { httpOnly: true, sameSite: 'lax', path: '/' });

/** The browser's session, created (with its CSRF token) on first sight. */
export function browserSession(ctx: SetevoyContext, req: Request, res: Response): BrowserSession {
  const existing = ctx.store.sessions.get(readCookie(req));
  if (existing) return existing;
  const session = ctx.store.newSession();
  setCookie(res, session);
  return session;
}

/** The browser's session if its NSSESSIONID cookie names one; never creates one. */
export function existingSession(ctx: SetevoyContext, req: Request): BrowserSession | undefined {
  return ctx.store.sessions.get(readCookie(req));
}

/** Signs a user in under a new session id, so an id seen before sign-in is worth nothing after it. */
export function signIn(ctx: SetevoyContext, req: Request, res: Response, signedIn: SignedIn): BrowserSession {
  ctx.store.sessions.delete(readCookie(req));
  const session = ctx.store.newSession(signedIn);
  setCookie(res, session);
  return session;
}

/** Ends the browser's session. */
export function signOut(ctx: SetevoyContext, req: Request, res: Response): void {
  ctx.store.sessions.delete(readCookie(req));
  res.clearCookie(COOKIE, { path: '/' });
}

/** The signed-in user of this browser, or null (then the page sends the browser to the sign-in form). */
export function signedInUser(
  ctx: SetevoyContext,
  req: Request,
): { session: BrowserSession; user: DiaryUser } | null {
  const session = ctx.store.sessions.get(readCookie(req));
  const user = session && session.userId !== null ? ctx.directory.user(session.userId) : undefined;
  return session && user && !user.locked ? { session, user } : null;
}

/** The form's CSRF token equals the session's. */
export function csrfMatches(session: BrowserSession, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** «Фамилия И.О.» and the CSRF token for the header. */
export function headerUser(session: BrowserSession, user: DiaryUser): HeaderUser {
  const initials = [user.firstName, user.middleName]
    .filter(Boolean)
    .map((n) => `${n!.charAt(0)}.`)
    .join('');
  return { shortName: `${user.lastName} ${initials}`, csrf: session.csrf };
}

/**
 * Strict headers for every page: no script at all, styles only from the emulator, no Referer (codes travel in
 * URLs), and forms may post to the emulator and to the gateway (the link, unlink and «Выход» buttons end in a
 * redirect there, which Chromium checks against form-action).
 */
export function setPageSecurity(ctx: SetevoyContext, res: Response): void {
  const gateway = ctx.gateway ? ` ${new URL(ctx.gateway.url).origin}` : '';
  res.set({
    'Content-Security-Policy': `default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'${gateway}; frame-ancestors 'none'; base-uri 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
}
