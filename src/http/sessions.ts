import type { Request } from 'express';
import session from 'express-session';
import type { Config } from '../config';

/** Cookie name: the `__Host-` prefix pins it to our origin and requires Secure, so only behind TLS. */
export function sessionCookieName(behindTls: boolean): string {
  return behindTls ? '__Host-elg.sid' : 'elg.sid';
}

/**
 * Sessions in the shared store (Redis in production), rolling idle timeout, HttpOnly, SameSite=Lax (the ESIA
 * callback is a top-level GET, so Lax still carries the cookie back). Nothing is stored until a flow needs it.
 */
export function sessions(config: Config, store: session.Store) {
  return session({
    name: sessionCookieName(config.behindTls),
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    proxy: config.trustProxy > 0,
    cookie: {
      httpOnly: true,
      secure: config.behindTls,
      sameSite: 'lax',
      path: '/',
      maxAge: config.sessionIdleMinutes * 60 * 1000,
    },
  });
}

/**
 * Replaces the session id while keeping chosen data: called at sign-in and at link so that an id planted
 * before (session fixation) is worthless afterwards. Saved before it returns: a redirect that follows finds
 * the new session stored (see `saveSession`).
 */
export async function rotateSession(req: Request, keep: Record<string, unknown> = {}): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((err) => (err ? reject(err) : resolve())),
  );
  Object.assign(req.session, keep);
  await saveSession(req);
}

/**
 * Stores the session now. Call it before redirecting to a page that reads what the handler just put in the
 * session: express-session saves only once the redirect's headers are out, and a browser (Chrome does) may
 * follow them at once, to another gateway process that finds the old session (expressjs/session#360). The
 * save express-session then makes as the response ends writes nothing unless the session changed since
 * (GatewaySessionStore).
 */
export async function saveSession(req: Request): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}
