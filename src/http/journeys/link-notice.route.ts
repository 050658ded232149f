import { Router } from 'express';
import { JourneyMissingError } from '../../services/linking.errors';
import { pickLang } from '../lang';
import { linkNoticePage } from '../views/journeys/link-notice.page';
import type { JourneyDeps } from './journey-deps';

/** `GET /link/notice`: «Сейчас вы будете перенаправлены…» with «Продолжить» to ESIA (purpose link). */
export function linkNoticeRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/link/notice', (req, res) => {
    const journey = req.session.journey;
    if (!journey || (journey.kind !== 'link' && journey.kind !== 'unlink')) throw new JourneyMissingError();
    const instance = deps.diaries.get(journey.instanceId);
    res.set('Cache-Control', 'no-store');
    res.type('html').send(
      linkNoticePage({
        lang: pickLang(req),
        action: journey.kind,
        diaryName: instance.displayName,
        returnUrl: journey.returnUrl,
      }),
    );
  });
  return router;
}
