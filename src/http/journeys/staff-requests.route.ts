import { Router } from 'express';
import { ForbiddenError } from '../../core/errors';
import { covers, staffScopeOf } from '../../services/staff-access';
import { csrfToken } from '../csrf';
import { pickLang } from '../lang';
import { signInNeededPage } from '../views/journeys/login.page';
import { staffQueuePage } from '../views/journeys/staff-queue.page';
import type { JourneyDeps } from './journey-deps';

/**
 * `GET /staff/requests?instance=…&organization=…`: the open queue of the organizations this person may work on
 * (see services/staff-access.ts); one organization when named.
 */
export function staffRequestsRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/staff/requests', async (req, res) => {
    const lang = pickLang(req);
    res.set('Cache-Control', 'no-store');
    const person = req.session.person;
    if (!person) return res.type('html').send(signInNeededPage({ lang, next: req.originalUrl }));
    const instance = deps.diaries.get(req.query['instance']);
    const scope = await staffScopeOf(person, instance.id, deps);
    const wanted = typeof req.query['organization'] === 'string' ? req.query['organization'] : null;
    if (wanted && !covers(scope, wanted)) throw new ForbiddenError('not staff of this organization');
    if (!wanted && !scope.everyOrganization && !scope.organizationIds.size)
      throw new ForbiddenError('not staff');
    const organizations = wanted ? [wanted] : scope.everyOrganization ? [null] : [...scope.organizationIds];
    const queues = await Promise.all(organizations.map((o) => deps.requests.openQueue(instance.id, o)));
    res.type('html').send(
      staffQueuePage({
        lang,
        csrf: csrfToken(req),
        diaryName: instance.displayName,
        requests: queues.flat(),
      }),
    );
  });
  return router;
}
