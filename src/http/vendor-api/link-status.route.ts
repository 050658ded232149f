import { Router, type RequestHandler } from 'express';
import { ValidationError } from '../../core/errors';
import type { LinksRepository } from '../../store/links.repository';
import { InstanceForbiddenError } from '../../services/linking.errors';
import { vendorOf } from './vendor-principal';

/** `GET /links/:instance/:userId`: whether a diary account is linked; a vendor reads only its own instance. */
export function linkStatusRoute(deps: { vendorAuth: RequestHandler; links: LinksRepository }): Router {
  const router = Router();
  router.get('/links/:instance/:userId', deps.vendorAuth, async (req, res) => {
    const instance = String(req.params.instance);
    if (instance !== vendorOf(req).instanceId) throw new InstanceForbiddenError(instance);
    const userId = String(req.params.userId);
    // PostgreSQL refuses NUL in text: such an id can name no account, and must not become a 500.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (!/^[^\u0000-\u001f]{1,128}$/.test(userId))
      throw new ValidationError(['userId: 1 to 128 characters, no control characters']);
    const link = await deps.links.activeOfAccount(instance, userId);
    res.set('Cache-Control', 'no-store').json({
      linked: !!link,
      linkedAt: link ? link.linkedAt.toISOString() : null,
      method: link ? link.method : null,
    });
  });
  return router;
}
