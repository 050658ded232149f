import { Router, type Request, type Response } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { callGateway } from '../gateway.client';
import { diaryHomePage, linkedPage, settingsPage, type DiaryViewModel } from '../views/diary.view';
import { csrfMatches, signedInUser } from './web-session';

/**
 * The signed-in diary: «Дневник» (/userfeed), «Личные настройки» (/settings) with the link button, and the
 * page the gateway's return address brings the browser back to after linking (/settings/esia-linked).
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
  const settings = (res: Response, m: DiaryViewModel, status = 200, error?: string) =>
    res
      .status(status)
      .type('html')
      .send(
        settingsPage(m, {
          link: store.links.get(m.person.userId!) ?? null,
          gatewayConfigured: ctx.gateway !== null,
          error,
        }),
      );

  router.get('/userfeed', (req, res) => {
    const m = model(req, res);
    if (m) res.type('html').send(diaryHomePage(m, signedInUser(store, req)?.session.via === 'esia'));
  });

  router.get('/settings', (req, res) => {
    const m = model(req, res);
    if (m) settings(res, m);
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
    let answer;
    try {
      answer = await callGateway(
        ctx.gateway,
        'POST',
        'api/vendor/v1/link-tickets',
        { userId: m.person.userId, returnUrl: `${ctx.url}/settings/esia-linked` },
        ctx.clock.now(),
      );
    } catch {
      return settings(res, m, 502, 'Портал госуслуг сейчас не отвечает. Попробуйте позже.');
    }
    const linkUrl = answer.body?.linkUrl;
    if (answer.status !== 201 || typeof linkUrl !== 'string' || !/^https?:\/\//.test(linkUrl))
      return settings(res, m, 502, 'Не удалось начать привязку учётной записи. Попробуйте позже.');
    res.redirect(303, linkUrl);
  });

  router.get('/settings/esia-linked', (req, res) => {
    const who = signedInUser(store, req);
    const header = who
      ? { shortName: `${who.person.lastName} ${who.person.firstName}`, csrf: who.session.csrf }
      : null;
    res.type('html').send(linkedPage(header));
  });
  return router;
}
