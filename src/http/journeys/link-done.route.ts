import { Router } from 'express';
import { pickLang } from '../lang';
import { linkDonePage } from '../views/journeys/link-confirm.page';
import { required, type JourneyDeps } from './journey-deps';

/** `GET /link/done`: «Отлично! Теперь Вы можете входить в … через портал госуслуг» and the way back. */
export function linkDoneRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/link/done', (req, res) => {
    const linked = required(req.session.linked);
    const instance = deps.diaries.get(linked.instanceId);
    res
      .type('html')
      .send(
        linkDonePage({ lang: pickLang(req), diaryName: instance.displayName, returnUrl: linked.returnUrl }),
      );
  });
  return router;
}
