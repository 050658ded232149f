import { Router, type RequestHandler } from 'express';
import type { LinksRepository } from '../../store/links.repository';
import { InstanceForbiddenError } from '../../services/linking.errors';
import { vendorOf } from './vendor-principal';

/** `GET /links/:instance/:userId`: whether a diary account is linked; a vendor reads only its own instance. */
export function linkStatusRoute(deps: { vendorAuth: RequestHandler; links: LinksRepository }): Router {
  const router = Router();
  router.get('/links/:instance/:userId', deps.vendorAuth, async (req, res) => {
    const instance = String(req.params.instance);
    if (instance !== vendorOf(req).instanceId) throw new InstanceForbiddenError(instance);
    const link = await deps.links.activeOfAccount(instance, String(req.params.userId));
    res.set('Cache-Control', 'no-store').json({
      linked: !!link,
      linkedAt: link ? link.linkedAt.toISOString() : null,
      method: link ? link.method : null,
    });
  });
  return router;
}
