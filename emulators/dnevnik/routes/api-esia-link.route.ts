import { Router } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { sendApiError, sendApiJson } from '../api.representation';
import { actorOf, idParam } from './api-access';

const LINK_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * `/v2/users/{userId}/esia-link`: the gateway tells the diary that an account was linked (POST) or unlinked
 * (DELETE). Both are idempotent. A DELETE naming an older link than the current one is ignored, so a late
 * unlink notice cannot undo a newer link (notices arrive at least once, in any order).
 */
export function apiEsiaLinkRoute(ctx: DnevnikContext): Router {
  const router = Router();
  const links = ctx.store.links;

  router.all('/v2/users/:userId/esia-link', (req, res, next) => {
    if (actorOf(res).kind !== 'service')
      return sendApiError(res, 403, 'clientNotAllowed', 'Only the gateway may change ESIA links');
    const id = idParam(req, res, 'userId');
    if (id === null) return;
    if (!ctx.store.user(id)) return sendApiError(res, 404, 'userNotFound', 'No such user');
    res.locals.userId = id;
    next();
  });

  router.get('/v2/users/:userId/esia-link', (_req, res) => {
    const mark = links.get(res.locals.userId as string);
    sendApiJson(res, 200, { linked: !!mark, linkId: mark?.linkId ?? null, linkedAt: mark?.linkedAt ?? null });
  });

  router.post('/v2/users/:userId/esia-link', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const linkedAt = typeof body.linkedAt === 'string' ? new Date(body.linkedAt) : null;
    if (
      typeof body.linkId !== 'string' ||
      !LINK_ID.test(body.linkId) ||
      !linkedAt ||
      isNaN(linkedAt.getTime())
    )
      return sendApiError(res, 400, 'parameterInvalid', 'linkId and linkedAt (ISO 8601) are required');
    // The link id is the notice's idempotency key: a repeat of the current mark (a notice delivered again after
    // a lost answer) changes nothing, its first linkedAt included.
    const userId = res.locals.userId as string;
    if (links.get(userId)?.linkId !== body.linkId) {
      links.set(userId, { linkId: body.linkId, linkedAt: linkedAt.toISOString() });
      ctx.store.linkNoticesApplied.set(body.linkId, (ctx.store.linkNoticesApplied.get(body.linkId) ?? 0) + 1);
    }
    res.status(204).end();
  });

  router.delete('/v2/users/:userId/esia-link', (req, res) => {
    const userId = res.locals.userId as string;
    const linkId = typeof req.query.linkId === 'string' ? req.query.linkId : null;
    const mark = links.get(userId);
    if (mark && (linkId === null || linkId === mark.linkId)) links.delete(userId);
    res.status(204).end();
  });
  return router;
}
