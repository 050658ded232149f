import { Router } from 'express';
import { pickLang } from '../lang';
import { linkNoticePage } from '../views/journeys/link-notice.page';
import { accountJourneyOf, type JourneyDeps } from './journey-deps';

/**
 * `GET /interaction/:uid/notice`: «Сейчас вы будете перенаправлены…» with «Продолжить» to ESIA (purpose link)
 * and «Вернуться в дневник».
 */
export function linkNoticeRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/interaction/:uid/notice', (req, res) => {
    const journey = accountJourneyOf(req, req.params['uid']!);
    const instance = deps.diaries.get(journey.instanceId);
    res.set('Cache-Control', 'no-store');
    res.type('html').send(
      linkNoticePage({
        lang: pickLang(req),
        action: journey.kind,
        diaryName: instance.displayName,
        uid: journey.interaction,
      }),
    );
  });
  return router;
}
