import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import type { DiaryDirectory } from '../../services/diary-directory';
import type { LinkTickets } from '../../services/link-tickets';
import { ReturnUrlNotAllowedError } from '../../services/linking.errors';
import { isAllowedReturnUrl } from '../../services/return-address';
import { vendorOf } from './vendor-principal';

const Body = z.strictObject({
  userId: z.string().min(1).max(128),
  returnUrl: z.string().min(1).max(2048),
  action: z.enum(['link', 'unlink']).default('link'),
  /** The diary already told the person they are going to Gosuslugi: the gateway skips its own notice. */
  noticeShown: z.boolean().default(false),
});

/**
 * `POST /link-tickets`: the vendor vouches that its signed-in user wants to link (or unlink); the answer's
 * `linkUrl` is where the diary sends the browser. The return address must be on the instance's allow-list.
 */
export function linkTicketsRoute(deps: {
  vendorAuth: RequestHandler;
  diaries: DiaryDirectory;
  tickets: LinkTickets;
  publicUrl: string;
}): Router {
  const router = Router();
  router.post('/link-tickets', deps.vendorAuth, async (req, res) => {
    const { instanceId } = vendorOf(req);
    const parsed = Body.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new ValidationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    const instance = deps.diaries.get(instanceId);
    if (!isAllowedReturnUrl(parsed.data.returnUrl, instance)) throw new ReturnUrlNotAllowedError();
    const { ticket, expiresAt } = await deps.tickets.issue({ instanceId, ...parsed.data });
    const linkUrl = `${deps.publicUrl}/${parsed.data.action}/start?ticket=${ticket}`;
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ ticket, linkUrl, expiresAt: expiresAt.toISOString() });
  });
  return router;
}
