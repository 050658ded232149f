import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { rotateSession, saveSession } from '../sessions';
import type { JourneyDeps } from '../journeys/journey-deps';

/** What the interaction start needs besides the journeys' own dependencies. */
export interface InteractionStartDeps {
  /** The ESIA sign-in's start for purpose login (sign-in-handlers.ts); absent, the page redirects to it. */
  readonly startEsiaSignIn?: RequestHandler;
}

/**
 * `GET /interaction/:uid`: where the provider sends the browser when a diary's request needs the person.
 * The diary asked for one of: a sign-in through ESIA (the default), the gateway's diary password form
 * (`login_method=password`), or a link or unlink of the account its backend named in a pushed request
 * (without an account, the person proves it with the diary password first). The session is rotated and
 * bound to this interaction; every later step checks both the session and the provider's interaction cookie.
 */
export function interactionStartRoute(deps: JourneyDeps & InteractionStartDeps): Router {
  const router = Router();
  // Straight on to ESIA from here when the app has it: the browser is spared a redirect through
  // /auth/esia/start and the gateway a request (issue 11); the same start, with the purpose fixed to login.
  // Through the redirect, the journey is stored first: the start reads it.
  const toEsia = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (deps.startEsiaSignIn) return void deps.startEsiaSignIn(req, res, next);
    await saveSession(req);
    res.redirect(303, '/auth/esia/start?purpose=login');
  };
  router.get('/interaction/:uid', async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const request = await deps.interactions.request(req, res, req.params['uid']!);
    const { uid, instanceId } = request;
    // The journey goes into the rotated session before it is saved: the redirect's next page reads it.
    switch (request.intent) {
      case 'link':
      case 'unlink':
        if (!request.account) {
          await rotateSession(req);
          return res.redirect(303, `/interaction/${uid}/password`);
        }
        await rotateSession(req, {
          journey: {
            kind: request.intent,
            instanceId,
            userId: request.account,
            method: 'settings-page',
            interaction: uid,
          },
        });
        return res.redirect(303, `/interaction/${uid}/notice`);
      case 'password':
        await rotateSession(req);
        return res.redirect(303, `/interaction/${uid}/password`);
      case 'sign-in':
        await rotateSession(req, { journey: { kind: 'login', instanceId, interaction: uid } });
        return toEsia(req, res, next);
    }
  });

  /** «Войти через Госуслуги» on the gateway's password pages: the same interaction goes on through ESIA. */
  router.get('/interaction/:uid/esia', async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const { uid, instanceId } = await deps.interactions.request(req, res, req.params['uid']!);
    req.session.journey = { kind: 'login', instanceId, interaction: uid };
    await toEsia(req, res, next);
  });
  return router;
}
