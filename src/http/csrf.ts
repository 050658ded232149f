import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { CsrfError } from '../core/errors';

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's synchronizer token, made on first use; forms put it in a hidden `_csrf` field. */
export function csrfToken(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Refuses a state-changing browser request unless it carries the session's token (form field `_csrf` or
 * header `X-CSRF-Token`). Vendor and operator APIs authenticate each request by signature or bearer token and
 * are mounted outside this middleware.
 */
export function csrfProtection() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    const expected = req.session?.csrfToken;
    const body = req.body as Record<string, unknown> | undefined;
    const sent = (typeof body?.['_csrf'] === 'string' ? body['_csrf'] : undefined) ?? req.get('x-csrf-token');
    if (!expected || typeof sent !== 'string' || !sameToken(sent, expected)) return next(new CsrfError());
    next();
  };
}
