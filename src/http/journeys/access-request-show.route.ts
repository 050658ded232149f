import { Router } from 'express';
import { requestOfPerson } from '../../services/access-requests.use-case';
import { requestNumber } from '../../store/access-requests.repository';
import { pickLang } from '../lang';
import { accessRequestPage } from '../views/journeys/access-request.page';
import { signInNeededPage } from '../views/journeys/login.page';
import { diaryReturn, type JourneyDeps } from './journey-deps';

/**
 * `GET /requests/:id`: the outcome, shown only to the ESIA person who made it, with the number the school
 * sees (the vendor's for a request in its own queue, else the gateway's) and the way back to the diary.
 */
export function accessRequestShowRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/requests/:id', async (req, res) => {
    const lang = pickLang(req);
    res.set('Cache-Control', 'no-store');
    const person = req.session.person;
    if (!person)
      return res
        .type('html')
        .send(signInNeededPage({ lang, next: `/requests/${encodeURIComponent(req.params.id)}` }));
    const request = await requestOfPerson(req.params.id, person, deps.requests);
    const instance = deps.diaries.get(request.instanceId);
    res.type('html').send(
      accessRequestPage({
        lang,
        request,
        number: requestNumber(request),
        diaryName: instance.displayName,
        back: diaryReturn(req, deps, request.instanceId),
      }),
    );
  });
  return router;
}
