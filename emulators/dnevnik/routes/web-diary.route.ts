import { Router, type Request, type Response } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { diaryHomePage, settingsPage, type DiaryViewModel } from '../views/diary.view';
import { askLinkStatus } from '../../shared/vendor-api.client';
import type { EsiaLinkMark } from '../dnevnik.store';
import { csrfMatches, signedInUser } from './web-session';

/**
 * The signed-in diary: «Дневник» (/userfeed) and «Личные настройки» (/settings) with the link button, which
 * pushes a link request for the signed-in account to the gateway (PAR) and sends the browser there; the answer
 * comes back to /oidc/callback (web-oidc.route.ts).
 */
export function webDiaryRoute(ctx: DnevnikContext): Router {
  const router = Router();
  const { store } = ctx;

  const model = (req: Request, res: Response): DiaryViewModel | undefined => {
    const who = signedInUser(store, req);
    if (!who) {
      res.redirect(303, '/login');
      return undefined;
    }
    return {
      header: { shortName: `${who.person.lastName} ${who.person.firstName}`, csrf: who.session.csrf },
      person: who.person,
      school: (id) => store.school(id),
      children: store.children(who.person),
    };
  };
  /**
   * The account's ESIA link: the diary's own mark (the gateway's link.created notice), or, with a vendor key, the
   * gateway's answer, which stays true when the diary lost its copy (a restart of the demo).
   */
  const linkOf = async (userId: string): Promise<EsiaLinkMark | null> => {
    const own = store.links.get(userId) ?? null;
    const key = ctx.gateway?.vendorKey;
    if (own || !ctx.gateway || !key) return own;
    const status = await askLinkStatus({
      gatewayUrl: ctx.gateway.url,
      key,
      instanceId: ctx.gateway.instanceId,
      userId,
      now: ctx.clock.now(),
    }).catch(() => null);
    return status?.linked && status.linkedAt ? { linkId: 'gateway', linkedAt: status.linkedAt } : null;
  };
  const settings = async (res: Response, m: DiaryViewModel, status = 200, error?: string) =>
    res
      .status(status)
      .type('html')
      .send(
        settingsPage(m, {
          link: await linkOf(m.person.userId!),
          gatewayConfigured: ctx.gateway !== null,
          error,
        }),
      );

  router.get('/userfeed', (req, res) => {
    const m = model(req, res);
    const session = signedInUser(store, req)?.session;
    if (m) res.type('html').send(diaryHomePage(m, session?.via ?? null, session?.chosen ?? null));
  });

  router.get('/settings', async (req, res) => {
    const m = model(req, res);
    if (m) await settings(res, m);
  });

  router.post('/settings/esia-link', async (req, res) => {
    const m = model(req, res);
    if (!m) return;
    if (
      !csrfMatches(signedInUser(store, req)!.session, (req.body as Record<string, unknown> | undefined)?.csrf)
    )
      return res.status(403).type('text').send('CSRF token mismatch');
    if (!ctx.gateway)
      return settings(
        res,
        m,
        503,
        'Привязка недоступна: эмулятор запущен без шлюза ЕСИА. Обратитесь к администратору.',
      );
    let started;
    try {
      started = await ctx.oidc!.change('link', m.person.userId!);
    } catch {
      return settings(res, m, 502, 'Портал госуслуг сейчас не отвечает. Попробуйте позже.');
    }
    signedInUser(store, req)!.session.oidc = started.pending;
    res.redirect(303, started.url.href);
  });

  return router;
}
