import { Router, type RequestHandler } from 'express';
import { ValidationError } from '../../core/errors';
import type { SsoCodes } from '../../services/sso-codes';
import { vendorOf } from './vendor-principal';

/** `POST /sso/exchange`: the one-time code from the hand-off address → who to sign in, and as whom. */
export function ssoExchangeRoute(deps: { vendorAuth: RequestHandler; ssoCodes: SsoCodes }): Router {
  const router = Router();
  router.post('/sso/exchange', deps.vendorAuth, async (req, res) => {
    const { instanceId } = vendorOf(req);
    const code = (req.body as Record<string, unknown> | undefined)?.['code'];
    if (typeof code !== 'string' || !code) throw new ValidationError(['code: required']);
    const claims = await deps.ssoCodes.exchange(code, instanceId);
    res.set('Cache-Control', 'no-store').json({
      userId: claims.userId,
      organizationId: claims.organizationId,
      role: claims.role,
    });
  });
  return router;
}
