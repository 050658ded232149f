import { Router, type NextFunction, type Request, type Response } from 'express';
import passport from 'passport';
import { isAppError } from '../../core/errors';
import type { EsiaSignIn } from '../../esia/esia-sign-in';
import { EsiaStateError } from '../../esia/esia.errors';
import type { EsiaStrategy } from '../../esia/esia.strategy';
import { ESIA_CALLBACK_PATH } from '../../esia/create-esia';
import { forThisRequest } from '../sign-in-handlers';
import { afterEsia } from './after-esia';
import type { JourneyDeps } from './journey-deps';

/**
 * `GET /auth/esia/callback` when the session started a journey (link, unlink, login, identify): the sign-in is
 * finished by the same strategy and continued by after-esia.ts. Without a journey the request falls through to
 * the plain sign-in callback («Вы вошли как …»). Refusals at ESIA («Отказать») and faults go to the error handler.
 */
export function esiaJourneyCallbackRoute(strategy: EsiaStrategy, deps: JourneyDeps): Router {
  const router = Router();
  const continueJourney = afterEsia(deps);
  router.get(ESIA_CALLBACK_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (!req.session.journey) return next();
    res.set('Cache-Control', 'no-store');
    const done = async (err: unknown, user: EsiaSignIn | false, info?: { error?: unknown }) => {
      if (err) return next(err);
      if (!user) return next(isAppError(info?.error) ? info.error : new EsiaStateError('missing'));
      await continueJourney(req, res, user);
    };
    passport.authenticate(
      forThisRequest(strategy),
      { session: false },
      (err: unknown, user: EsiaSignIn | false, info?: { error?: unknown }) => {
        done(err, user, info).catch(next);
      },
    )(req, res, next);
  });
  return router;
}
