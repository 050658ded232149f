import { Router, type NextFunction, type Request, type Response } from 'express';
import passport from 'passport';
import { isAppError } from '../core/errors';
import { EsiaStateError } from '../esia/esia.errors';
import type { EsiaSignIn } from '../esia/esia-sign-in';
import type { EsiaStrategy } from '../esia/esia.strategy';
import { pickLang } from './lang';
import { rotateSession } from './sessions';
import { signedInPage } from './views/esia-signed-in.page';

/** What the session keeps of an ESIA sign-in: enough for the next step, no tokens, no SNILS. */
export interface EsiaSessionPerson {
  readonly oid: string;
  readonly purpose: EsiaSignIn['purpose'];
  readonly level: EsiaSignIn['level'];
  readonly confirmed: boolean;
  readonly displayName: string;
}

function minimal(signIn: EsiaSignIn): EsiaSessionPerson {
  const { firstName, middleName, lastName } = signIn.person;
  const displayName = [lastName, firstName, middleName].filter(Boolean).join(' ') || `ESIA ${signIn.oid}`;
  return {
    oid: signIn.oid,
    purpose: signIn.purpose,
    level: signIn.level,
    confirmed: signIn.confirmed,
    displayName,
  };
}

/** `GET /auth/esia/callback`: success rotates the session and keeps the minimal person; refusals and faults go to the error handler. */
export function esiaCallbackRoute(strategy: EsiaStrategy): Router {
  const router = Router();
  router.get('/auth/esia/callback', (req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    const done = async (err: unknown, user: EsiaSignIn | false, info?: { error?: unknown }) => {
      if (err) return next(err);
      if (!user) return next(isAppError(info?.error) ? info.error : new EsiaStateError('missing'));
      const person = minimal(user);
      await rotateSession(req, { esia: person });
      res.type('html').send(signedInPage({ lang: pickLang(req), person }));
    };
    passport.authenticate(
      strategy,
      { session: false },
      (err: unknown, user: EsiaSignIn | false, info?: { error?: unknown }) => {
        done(err, user, info).catch(next);
      },
    )(req, res, next);
  });
  return router;
}
