import { Router, type Request, type Response } from 'express';
import type { SetevoyContext } from '../setevoy-emulator.options';
import { contextStudents, mySettings, userContext } from '../user.resources';

/** The signed-in user's own API (the `at` header from /webapi/login): mysettings, context, context/students. */
export function userApiRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const session = (req: Request, res: Response) => {
    const at = String(req.get('at') ?? '');
    const found = ctx.store.apiSessions.get(at);
    const user = found && ctx.directory.user(found.userId);
    if (!found || !user) res.status(401).json({ message: 'Сессия завершена. Войдите в систему снова' });
    return found && user ? { user, schoolId: found.schoolId, at } : null;
  };

  router.get('/webapi/mysettings', (req, res) => {
    const s = session(req, res);
    if (s) res.json(mySettings(s.user, s.schoolId));
  });

  router.get('/webapi/context', (req, res) => {
    const s = session(req, res);
    if (s) res.json(userContext(ctx, s.user, s.schoolId, s.at));
  });

  router.get('/webapi/context/students', (req, res) => {
    const s = session(req, res);
    if (s) res.json(contextStudents(ctx, s.user, s.schoolId));
  });
  return router;
}
