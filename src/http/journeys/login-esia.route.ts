import { Router, type Request } from 'express';
import type { JourneyDeps } from './journey-deps';
import { handOffAndEnd } from './hand-off';

/** The remembered choice («Остаться в системе»), if the account is still linked to this person. */
async function rememberedChoice(req: Request, instanceId: string, deps: JourneyDeps) {
  const person = req.session.person;
  const choice = req.session.stay?.[instanceId];
  if (!person || !choice) return undefined;
  const link = await deps.links.activeOfAccount(instanceId, choice.userId);
  return link?.esiaOid === person.oid ? { person, choice } : undefined;
}

/**
 * `GET /login/esia?instance=…`: the diary's «Войти через Госуслуги». Starts an ESIA sign-in (purpose login)
 * bound to the instance, unless this browser chose «Остаться в системе» and the link still holds.
 */
export function loginEsiaRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/login/esia', async (req, res) => {
    const instance = deps.diaries.get(req.query['instance']);
    res.set('Cache-Control', 'no-store');
    const remembered = await rememberedChoice(req, instance.id, deps);
    if (remembered)
      return handOffAndEnd(req, res, instance.id, remembered.choice, remembered.person, deps, true);
    req.session.journey = { kind: 'login', instanceId: instance.id };
    res.redirect(303, '/auth/esia/start?purpose=login');
  });
  return router;
}
