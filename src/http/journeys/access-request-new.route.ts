import { Router, type Request } from 'express';
import { submitAccessRequest } from '../../services/access-requests.use-case';
import { JourneyMissingError } from '../../services/linking.errors';
import { csrfToken } from '../csrf';
import { pickLang } from '../lang';
import { accessRequestFormPage, causeOf } from '../views/journeys/access-request.page';
import { signInNeededPage } from '../views/journeys/login.page';
import { diaryReturn, personOf, type JourneyDeps } from './journey-deps';

/** The diary instance the person was signing in to or linking with. */
function instanceOfSession(req: Request): string {
  const journey = req.session.journey;
  if (journey && 'instanceId' in journey) return journey.instanceId;
  if (req.session.loginChoices) return req.session.loginChoices.instanceId;
  throw new JourneyMissingError();
}

/** Organizations to offer: those seen at sign-in, then the vendor's own list where it has one. */
async function organizationsFor(req: Request, instanceId: string, deps: JourneyDeps) {
  const seen = (req.session.loginChoices?.choices ?? []).flatMap((c) =>
    c.organizationId ? [{ id: c.organizationId, name: c.organizationName }] : [],
  );
  const adapter = deps.diaries.get(instanceId).adapter;
  const listed = adapter.capabilities.organizationSearch
    ? await adapter.searchOrganizations({ level: 'organization', chosen: {} }).catch(() => [])
    : [];
  const all = [...seen, ...listed];
  return all.filter((o, i) => all.findIndex((x) => x.id === o.id) === i);
}

/**
 * `GET|POST /requests/new`: «Обратиться в организацию» (flow D), for the person signed in through ESIA; the
 * page is the one of its cause (`?cause=no_snils|snils_not_found|organization_missing|data_mismatch`).
 */
export function accessRequestNewRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/requests/new', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!req.session.person)
      return res.type('html').send(signInNeededPage({ lang: pickLang(req), next: '/' }));
    const instanceId = instanceOfSession(req);
    res.type('html').send(
      accessRequestFormPage({
        lang: pickLang(req),
        csrf: csrfToken(req),
        personName: personOf(req).displayName,
        cause: causeOf(req.query),
        organizations: await organizationsFor(req, instanceId, deps),
        back: diaryReturn(req, deps, instanceId),
      }),
    );
  });
  router.post('/requests/new', async (req, res) => {
    const id = await submitAccessRequest(instanceOfSession(req), personOf(req), req.body, deps);
    deps.activity('access_request', instanceOfSession(req));
    res.redirect(303, `/requests/${id}`);
  });
  return router;
}
