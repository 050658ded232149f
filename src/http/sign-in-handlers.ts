import type { NextFunction, Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import { isAppError, ValidationError } from '../core/errors';
import { JourneyMissingError } from '../services/linking.errors';
import { SIGN_IN_PURPOSES, type SignInPurpose } from '../sign-in/sign-in-state';
import { pickLang } from './lang';
import { rotateSession } from './sessions';
import { signedInPage } from './views/esia-signed-in.page';

/** What every signed-in session keeps for the page: a name to greet, and a confirmation when it is known. */
export interface SignedInPerson {
  readonly displayName: string;
  readonly confirmed?: boolean;
  readonly purpose?: string;
}

/**
 * Passport 0.7 makes a per-request copy of a strategy only when given its name; given an instance it sets
 * `success`, `fail` and `error` on the shared object, so two overlapping sign-ins could answer each other's
 * browser. Every request gets its own copy here.
 */
export function forThisRequest(strategy: passport.Strategy): passport.Strategy {
  return Object.create(strategy) as passport.Strategy;
}

/**
 * The start of any sign-in (`?purpose=login|link|operator`): validates the purpose and lets the strategy
 * redirect to its provider with a state bound to this session. Strategies read `purpose` from the options.
 * With `fixed`, the purpose is that one whatever the query says (a page that starts a sign-in itself).
 */
export function signInStartHandler(strategy: passport.Strategy, fixed?: SignInPurpose): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const purpose = fixed ?? ((req.query.purpose ?? 'login') as SignInPurpose);
    if (!SIGN_IN_PURPOSES.includes(purpose)) throw new ValidationError(['purpose: login, link or operator']);
    // A link sign-in belongs to a diary's link or unlink request in this session; alone it would only end on
    // the plain «Вы вошли как» page, so it is refused like any step reached without the earlier ones.
    const journey = req.session?.journey;
    if (purpose === 'link' && journey?.kind !== 'link' && journey?.kind !== 'unlink')
      throw new JourneyMissingError();
    res.set('Cache-Control', 'no-store');
    // `purpose` is our strategies' own option; passport hands the options object through unchanged.
    const options: passport.AuthenticateOptions & { purpose: SignInPurpose } = { session: false, purpose };
    passport.authenticate(forThisRequest(strategy), options)(req, res, next);
  };
}

/**
 * The callback of any sign-in: on success the session id is replaced (fixation defence) and keeps only
 * `sessionKey: toSession(user)`; a refusal carries its typed error, and a refusal without one becomes
 * `fallback()`; faults go to the one error handler.
 */
export function signInCallbackHandler<User, Person extends SignedInPerson>(
  strategy: passport.Strategy,
  options: {
    sessionKey: string;
    /** What the session keeps; `req` is the request before the session rotates (its journey, if any). */
    toSession: (user: User, req: Request) => Person;
    fallback: () => Error;
  },
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    const done = async (err: unknown, user: User | false, info?: { error?: unknown }) => {
      if (err) return next(err);
      if (!user) return next(isAppError(info?.error) ? info.error : options.fallback());
      const person = options.toSession(user, req);
      await rotateSession(req, { [options.sessionKey]: person });
      // An operator came for the console; the console itself checks the operators list.
      if (person.purpose === 'operator') return res.redirect(303, '/ops');
      res.type('html').send(signedInPage({ lang: pickLang(req), person }));
    };
    passport.authenticate(
      forThisRequest(strategy),
      { session: false },
      (err: unknown, user: User | false, info?: { error?: unknown }) => {
        done(err, user, info).catch(next);
      },
    )(req, res, next);
  };
}
