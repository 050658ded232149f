import { Router, type Request, type Response } from 'express';
import { ForeignCallbackError, OidcRefusedError, refusalText } from '../../shared/diary-oidc-client';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { errorPage } from '../views/layout.view';
import { linkedPage } from '../views/diary.view';
import { browserSession, signIn, signedInUser } from './web-session';

const ESIA = 'Вход через Госуслуги';
const LINK = 'Привязка учетной записи портала Госуслуг';

/**
 * Дневник.ру as a client of the gateway's OpenID Provider: «Войти через Госуслуги» (`GET /login/esia`), the
 * callback (`GET /oidc/callback`), and the gateway's back-channel logout (`POST /oidc/backchannel-logout`).
 * The link button on «Личные настройки» (web-diary.route.ts) pushes its request and comes back here too.
 * A callback this browser did not ask for is refused: that is what makes a carried code worthless.
 */
export function webOidcRoute(ctx: DnevnikContext): Router {
  const router = Router();
  const { store } = ctx;
  const fail = (res: Response, status: number, title: string, text: string, back = '/login') =>
    res
      .status(status)
      .type('html')
      .send(errorPage(title, text, { href: back, label: back === '/login' ? 'Войти ещё раз' : 'Вернуться' }));

  router.get('/login/esia', async (req, res) => {
    if (!ctx.oidc) return fail(res, 503, ESIA, 'Вход через Госуслуги недоступен: шлюз ЕСИА не настроен.');
    const session = browserSession(store, req, res);
    let started;
    try {
      started = await ctx.oidc.signIn();
    } catch {
      return fail(
        res,
        502,
        ESIA,
        'Портал госуслуг сейчас не отвечает. Попробуйте позже или войдите по логину и паролю.',
      );
    }
    session.oidc = started.pending;
    res.redirect(303, started.url.href);
  });

  router.get('/oidc/callback', async (req: Request, res: Response) => {
    if (!ctx.oidc) return fail(res, 503, ESIA, 'Вход через Госуслуги недоступен: шлюз ЕСИА не настроен.');
    const session = browserSession(store, req, res);
    const pending = session.oidc ?? undefined;
    session.oidc = null;
    const linking = pending?.intent === 'link' || pending?.intent === 'unlink';
    const title = linking ? LINK : ESIA;
    const back = linking ? '/settings' : '/login';
    let result;
    try {
      result = await ctx.oidc.callback(new URL(req.originalUrl, ctx.url), pending);
    } catch (error) {
      if (error instanceof ForeignCallbackError)
        return fail(
          res,
          400,
          title,
          linking
            ? 'Ответ портала госуслуг не относится к привязке, начатой в этом браузере. Начните привязку заново из личных настроек.'
            : 'Ссылка для входа устарела или открыта в другом браузере. Начните вход заново.',
          back,
        );
      if (error instanceof OidcRefusedError) {
        const { status, text } = refusalText(error, pending?.intent ?? 'sign-in');
        return fail(res, status, title, text, back);
      }
      return fail(res, 502, title, 'Портал госуслуг сейчас не отвечает. Попробуйте позже.', back);
    }
    const { claims } = result;
    if (linking) {
      // The diary's own check: the same account is still signed in here, and it is the one the gateway linked.
      const who = signedInUser(store, req);
      if (!who || who.person.userId !== pending!.account || claims.sub !== pending!.account)
        return fail(
          res,
          409,
          LINK,
          'Вы вышли из дневника или вошли под другой учетной записью. Начните привязку заново из личных настроек.',
          '/settings',
        );
      const header = { shortName: `${who.person.lastName} ${who.person.firstName}`, csrf: who.session.csrf };
      return res.type('html').send(linkedPage(header, claims['link'] === 'removed' ? 'removed' : 'linked'));
    }
    const person = store.user(claims.sub);
    if (!person) return fail(res, 404, ESIA, 'Учётная запись не найдена в Дневник.ру. Обратитесь в школу.');
    if (person.blocked)
      return fail(res, 403, ESIA, 'Учётная запись заблокирована. Обратитесь к администратору школы.');
    const amr = Array.isArray(claims['amr']) ? claims['amr'] : [];
    // amr esia: through Gosuslugi; pwd: the diary password typed on the gateway's own form.
    const signedIn = signIn(store, req, res, claims.sub, amr.includes('esia') ? 'esia' : 'gateway-password');
    if (typeof claims['org'] === 'string' && typeof claims['role'] === 'string')
      signedIn.chosen = { organizationId: claims['org'], role: claims['role'] };
    signedIn.gateway = {
      sid: typeof claims['sid'] === 'string' ? claims['sid'] : null,
      idToken: result.idToken,
    };
    res.redirect(303, '/userfeed');
  });

  router.post('/oidc/backchannel-logout', async (req, res) => {
    const token = (req.body as Record<string, unknown> | undefined)?.['logout_token'];
    if (!ctx.oidc || typeof token !== 'string') return res.status(400).json({ error: 'invalid_request' });
    let sid;
    try {
      sid = await ctx.oidc.logoutSession(token);
    } catch {
      return res.status(400).json({ error: 'invalid_request' });
    }
    for (const [id, s] of store.sessions) if (s.gateway?.sid === sid) store.sessions.delete(id);
    res.status(200).set('Cache-Control', 'no-store').end();
  });
  return router;
}
