import { Router } from 'express';
import { confirmUnlink } from '../../services/unlink-account.use-case';
import { csrfToken } from '../csrf';
import { pickLang } from '../lang';
import { unlinkConfirmPage, unlinkDonePage } from '../views/journeys/link-confirm.page';
import { required, type JourneyDeps } from './journey-deps';

/**
 * `GET|POST /unlink/confirm`: flow E's last step, within five minutes of the ESIA proof. A repeated submit finds
 * the link already revoked and shows the same page.
 */
export function unlinkConfirmRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/unlink/confirm', (req, res) => {
    const pending = required(req.session.pendingUnlink);
    res.set('Cache-Control', 'no-store');
    res.type('html').send(
      unlinkConfirmPage({
        lang: pickLang(req),
        csrf: csrfToken(req),
        diaryName: deps.diaries.get(pending.instanceId).displayName,
        returnUrl: pending.returnUrl,
      }),
    );
  });
  router.post('/unlink/confirm', async (req, res) => {
    const pending = required(req.session.pendingUnlink);
    await confirmUnlink(pending, deps);
    res.type('html').send(unlinkDonePage({ lang: pickLang(req), returnUrl: pending.returnUrl }));
  });
  return router;
}
