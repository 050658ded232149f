import { Router, type Request, type Response } from 'express';
import type { SetevoyContext } from '../setevoy-emulator.options';
import { mySettings, userContext } from '../user.resources';

/** The signed-in user's own API (`at` header from /webapi/login): mysettings and context. */
export function userApiRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const session = (req: Request, res: Response) => {
    const found = ctx.store.apiSessions.get(String(req.get('at') ?? ''));
    const user = found && ctx.directory.user(found.userId);
    if (!found || !user) res.status(401).json({ message: 'Сессия завершена. Войдите в систему снова' });
    return found && user ? { user, schoolId: found.schoolId } : null;
  };

  router.get('/webapi/mysettings', (req, res) => {
    const s = session(req, res);
    if (s) res.json(mySettings(ctx, s.user));
  });

  router.get('/webapi/context', (req, res) => {
    const s = session(req, res);
    if (s) res.json(userContext(ctx, s.user, s.schoolId));
  });
  return router;
}
