import { Router, type Request, type Response } from 'express';
import type { EmulatorContext } from '../esia-emulator.options';
import { loggedOutPage } from '../views/pages.view';
import { signOut } from './browser-session';
import { setPageSecurity } from './authorization.flow';

/** A logout target is trusted when it shares an origin with one of the client's registered redirect addresses. */
function trustedLogoutTarget(ctx: EmulatorContext, clientId: unknown, target: unknown): string | undefined {
  const client = typeof clientId === 'string' ? ctx.clients.get(clientId) : undefined;
  if (!client || typeof target !== 'string') return undefined;
  try {
    const origin = new URL(target).origin;
    return client.redirectUris.some((uri) => new URL(uri).origin === origin) ? target : undefined;
  } catch {
    return undefined;
  }
}

/** `GET /idp/ext/Logout?client_id=…&redirect_url=…`: ends the ESIA session and returns to the client. */
export function logoutRoute(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/idp/ext/Logout', (req: Request, res: Response) => {
    signOut(ctx.store, req, res);
    const target = trustedLogoutTarget(ctx, req.query.client_id, req.query.redirect_url);
    if (target) return res.redirect(302, target);
    setPageSecurity(res);
    res.type('html').send(loggedOutPage());
  });
  return router;
}
