import { timingSafeEqual } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { SetevoyContext } from '../setevoy-emulator.options';
import { mySettings, userContext } from '../user.resources';

/**
 * The server-to-server integration API a regional system (here: the gateway) uses, authenticated by the
 * instance's service credential (`Authorization: Bearer …`): an account's settings and context by id, and
 * the ESIA link mark, which GET reads and PUT and DELETE set idempotently. Pupils' records without a login are not accounts.
 */
export function integrationRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const expected = Buffer.from(`Bearer ${ctx.integrationToken}`);

  router.use('/webapi/integration', (req: Request, res: Response, next: NextFunction) => {
    const given = Buffer.from(req.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return void res.status(401).json({ message: 'Интеграционный ключ не принят' });
    next();
  });

  const account = (req: Request, res: Response) => {
    const id = String(req.params.userId ?? '');
    const user = /^\d{1,18}$/.test(id) ? ctx.directory.user(Number(id)) : undefined;
    if (!user || user.login === null) {
      res.status(404).json({ message: 'Пользователь не найден' });
      return null;
    }
    return user;
  };

  router.get('/webapi/integration/users/:userId/mysettings', (req, res) => {
    const user = account(req, res);
    if (user) res.json(mySettings(ctx, user));
  });

  router.get('/webapi/integration/users/:userId/context', (req, res) => {
    const user = account(req, res);
    if (user) res.json(userContext(ctx, user));
  });

  router.get('/webapi/integration/users/:userId/esia-link', (req, res) => {
    const user = account(req, res);
    if (!user) return;
    const mark = ctx.store.esiaLinks.get(user.id);
    res.json({ linked: !!mark, linkId: mark?.linkId ?? null, linkedAt: mark?.linkedAt ?? null });
  });

  router.put('/webapi/integration/users/:userId/esia-link', (req, res) => {
    const user = account(req, res);
    if (!user) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.linkId !== 'string' || typeof body.linkedAt !== 'string')
      return void res.status(400).json({ message: 'linkId и linkedAt обязательны' });
    ctx.store.esiaLinks.set(user.id, { linkId: body.linkId, linkedAt: body.linkedAt });
    res.status(204).end();
  });

  router.delete('/webapi/integration/users/:userId/esia-link/:linkId', (req, res) => {
    const user = account(req, res);
    if (!user) return;
    // Only the link named goes: a late unlink of an older link must not remove a newer one.
    if (ctx.store.esiaLinks.get(user.id)?.linkId === req.params.linkId) ctx.store.esiaLinks.delete(user.id);
    res.status(204).end();
  });
  return router;
}
