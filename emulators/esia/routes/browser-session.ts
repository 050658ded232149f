import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { BrowserSession, EmulatorStore } from '../state/emulator.store';

const COOKIE = 'esia_emulator_session';

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function setCookie(res: Response, session: BrowserSession): void {
  // Plain HTTP on 127.0.0.1, so no Secure flag; Lax keeps it on ESIA's own form POSTs.
  res.cookie(COOKIE, session.id, { httpOnly: true, sameSite: 'lax', path: '/' });
}

/** The browser's emulator session, created (with its CSRF token) on first sight. */
export function browserSession(store: EmulatorStore, req: Request, res: Response): BrowserSession {
  const existing = store.sessions.get(readCookie(req, COOKIE) ?? '');
  if (existing) return existing;
  const session = store.newSession();
  setCookie(res, session);
  return session;
}

/** Signs a person in under a fresh session id, so a session id seen before sign-in is worth nothing after it. */
export function signIn(store: EmulatorStore, req: Request, res: Response, oid: number): BrowserSession {
  store.sessions.delete(readCookie(req, COOKIE) ?? '');
  const session = store.newSession(oid);
  setCookie(res, session);
  return session;
}

/** Ends the browser's session. */
export function signOut(store: EmulatorStore, req: Request, res: Response): void {
  store.sessions.delete(readCookie(req, COOKIE) ?? '');
  res.clearCookie(COOKIE, { path: '/' });
}

/** The form's CSRF token equals the session's. */
export function csrfMatches(session: BrowserSession, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
