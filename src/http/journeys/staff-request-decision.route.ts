import { Router } from 'express';
import { decideAccessRequest } from '../../services/access-requests.use-case';
import { covers, staffScopeOf } from '../../services/staff-access';
import { personOf, type JourneyDeps } from './journey-deps';

/** `POST /staff/requests/:id`: resolve or reject with a note the requester reads at /requests/:id. */
export function staffRequestDecisionRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.post('/staff/requests/:id', async (req, res) => {
    const person = personOf(req);
    const body = req.body as Record<string, unknown>;
    let instanceId = '';
    await decideAccessRequest(
      {
        id: req.params.id,
        decision: body['decision'],
        note: body['note'],
        staffName: person.displayName,
        allowed: async (request) => {
          instanceId = request.instanceId;
          return covers(await staffScopeOf(person, request.instanceId, deps), request.organizationId);
        },
      },
      deps,
    );
    res.redirect(303, `/staff/requests?instance=${encodeURIComponent(instanceId)}`);
  });
  return router;
}
