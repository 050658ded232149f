import { Router, type Request } from 'express';
import { pickLang } from '../lang';
import { ofInteraction, required, type JourneyDeps } from '../journeys/journey-deps';
import { leavingPage } from '../views/journeys/hand-off.page';

/** Forgets the journey: the diary has the result, and a shared computer keeps nothing of the person. */
async function endSession(req: Request): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}

/**
 * How an interaction ends. `GET /interaction/:uid/finish`: the sign-in decided right after ESIA (one account,
 * nothing to choose) goes to the diary; reached from a page that goes on by itself, since a redirect chain
 * that ESIA's «Предоставить» started would be held against ESIA's CSP. `GET /interaction/:uid/back`:
 * «Вернуться в дневник» and «Отмена»: the diary hears `access_denied` with its own state and says so.
 * «Выйти» on the chooser ends ESIA's session first and comes back to `GET /interaction/:uid/left`.
 */
export function interactionEndRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/interaction/:uid/finish', async (req, res) => {
    const uid = req.params['uid']!;
    const ready = ofInteraction(required(req.session.ready), uid);
    await endSession(req);
    await deps.interactions.finish(req, res, uid, ready);
    deps.activity('sign_in_esia', ready.signIn.instanceId);
  });

  router.get('/interaction/:uid/back', async (req, res) => {
    await deps.interactions.request(req, res, req.params['uid']!);
    await endSession(req);
    await deps.interactions.abort(req, res, req.params['uid']!, 'the person went back to the diary');
  });

  router.post('/interaction/:uid/leave', async (req, res) => {
    const uid = req.params['uid']!;
    await deps.interactions.request(req, res, uid);
    await endSession(req);
    const url = deps.esiaLogoutUrl(`${deps.publicUrl}/interaction/${uid}/left`);
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(leavingPage({ lang: pickLang(req), url }));
  });

  router.get('/interaction/:uid/left', async (req, res) => {
    await deps.interactions.abort(req, res, req.params['uid']!, 'the person signed out');
  });
  return router;
}
