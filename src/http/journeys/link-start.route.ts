import { Router } from 'express';
import { safeReturnUrl } from '../../services/return-address';
import { pickLang } from '../lang';
import { rotateSession } from '../sessions';
import { toEsiaPage } from '../views/journeys/to-esia.page';
import type { JourneyDeps } from './journey-deps';

/**
 * `GET /link/start?ticket=…` and `GET /unlink/start?ticket=…`: the vendor's single-use ticket proves the
 * person is signed in to the diary; the session is rotated and bound to that account, then the notice follows (unless the diary showed its own).
 */
export function linkStartRoute(deps: JourneyDeps): Router {
  const router = Router();
  for (const action of ['link', 'unlink'] as const)
    router.get(`/${action}/start`, async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const claims = await deps.tickets.redeem(req.query['ticket'], action);
      const instance = deps.diaries.get(claims.instanceId);
      const returnUrl = safeReturnUrl(claims.returnUrl, instance);
      await rotateSession(req, {
        journey: {
          kind: action,
          instanceId: instance.id,
          userId: claims.userId,
          returnUrl,
          method: 'settings-page',
        },
      });
      // One notice, not two: a diary that already said «Сейчас вы будете перенаправлены…» goes straight on.
      if (claims.noticeShown)
        return res
          .type('html')
          .send(toEsiaPage({ lang: pickLang(req), url: '/auth/esia/start?purpose=link' }));
      res.redirect(303, '/link/notice');
    });
  return router;
}
