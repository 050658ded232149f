import { Router } from 'express';
import { requestOfPerson } from '../../services/access-requests.use-case';
import { pickLang } from '../lang';
import { accessRequestPage } from '../views/journeys/access-request.page';
import { signInNeededPage } from '../views/journeys/login.page';
import type { JourneyDeps } from './journey-deps';

/** `GET /requests/:id`: the outcome, shown only to the ESIA person who made the request. */
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
    res.type('html').send(accessRequestPage({ lang, request }));
  });
  return router;
}
