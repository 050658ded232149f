import { Router, type NextFunction, type Request, type Response } from 'express';
import passport from 'passport';
import { ValidationError } from '../core/errors';
import { ESIA_PURPOSES, type EsiaPurpose } from '../esia/esia.settings';
import type { EsiaAuthenticateOptions, EsiaStrategy } from '../esia/esia.strategy';

/** `GET /auth/esia/start?purpose=login|link|operator`: a signed redirect to ESIA, state bound to this session. */
export function esiaStartRoute(strategy: EsiaStrategy): Router {
  const router = Router();
  router.get('/auth/esia/start', (req: Request, res: Response, next: NextFunction) => {
    const purpose = (req.query.purpose ?? 'login') as EsiaPurpose;
    if (!ESIA_PURPOSES.includes(purpose)) throw new ValidationError(['purpose: login, link or operator']);
    res.set('Cache-Control', 'no-store');
    // `purpose` is our strategy's own option; passport hands the options object through unchanged.
    const options: passport.AuthenticateOptions & EsiaAuthenticateOptions = { session: false, purpose };
    passport.authenticate(strategy, options)(req, res, next);
  });
  return router;
}
