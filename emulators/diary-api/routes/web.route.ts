import { Router, type Request, type Response } from 'express';
import { ForeignCallbackError, OidcRefusedError, refusalText } from '../../shared/diary-oidc-client';
import type { EljurContext } from '../diary-api-emulator.options';
import {
  errorPage,
  journalPage,
  linkedPage,
  settingsPage,
  signInPage,
  type HeaderUser,
} from '../views/pages.view';
import { browserSession, csrfMatches, signIn, signOut, signedIn } from './web-session';

const ESIA = 'Вход через Госуслуги';
const LINK = 'Привязка учетной записи портала Госуслуг';

/**
 * The diary's pages: «Вход» (password or «Войти через Госуслуги»), «Дневник», «Настройки» with the link
 * button (a pushed request for the signed-in account), and the diary as an OpenID client of the gateway: the
 * callback, which redeems the code only with this browser's own state, and the back-channel logout.
 */
export function webRoute(ctx: EljurContext): Router {
  const router = Router();
  const { store } = ctx;
  /** The organization and role the person chose at the gateway, by session id (ID token `org`, `role`). */
  const chosen = new Map<string, { organizationId: string; role: string }>();
  const chosenOf = (session: { id: string }) => chosen.get(session.id) ?? null;
  const header = (who: NonNullable<ReturnType<typeof signedIn>>): HeaderUser => ({
    shortName: `${who.account.lastName} ${who.account.firstName}`,
    csrf: who.session.csrf,
  });
  const fail = (res: Response, status: number, title: string, text: string, back = '/') =>
    res
      .status(status)
      .type('html')
      .send(errorPage(title, text, { href: back, label: back === '/' ? 'Войти ещё раз' : 'Вернуться' }));
  const postedCsrf = (req: Request) => (req.body as Record<string, unknown> | undefined)?.['csrf'];

  router.get('/', (req, res) => {
    if (signedIn(store, req)) return res.redirect(303, '/journal');
    browserSession(store, req, res);
    res.type('html').send(signInPage());
  });

  router.post('/login', (req, res) => {
    const { login, password } = (req.body ?? {}) as Record<string, unknown>;
    const account = typeof login === 'string' ? store.byLogin(login) : undefined;
    if (!account || account.password !== password)
      return res
        .status(401)
        .type('html')
        .send(signInPage('Неверный логин или пароль.', typeof login === 'string' ? login : ''));
    if (account.locked)
      return res
        .status(403)
        .type('html')
        .send(signInPage('Учетная запись заблокирована. Обратитесь в школу.'));
    signIn(store, req, res, account.userId, 'password');
    res.redirect(303, '/journal');
  });

  router.post('/logout', (req, res) => {
    const who = signedIn(store, req);
    if (who && !csrfMatches(who.session, postedCsrf(req))) return res.status(403).type('text').send('CSRF');
    signOut(store, req, res);
    res.redirect(303, '/');
  });

  router.get('/journal', (req, res) => {
    const who = signedIn(store, req);
    if (!who) return res.redirect(303, '/');
    res
      .type('html')
      .send(
        journalPage(
          header(who),
          who.account,
          (id) => store.schools.get(id),
          who.session.via,
          chosenOf(who.session),
        ),
      );
  });

  router.get('/settings', (req, res) => {
    const who = signedIn(store, req);
    if (!who) return res.redirect(303, '/');
    const linked = store.links.has(who.account.userId);
    res.type('html').send(settingsPage(header(who), who.account, { linked, gatewayConfigured: !!ctx.oidc }));
  });

  for (const intent of ['link', 'unlink'] as const)
    router.post(`/settings/esia-${intent}`, async (req, res) => {
      const who = signedIn(store, req);
      if (!who) return res.redirect(303, '/');
      if (!csrfMatches(who.session, postedCsrf(req))) return res.status(403).type('text').send('CSRF');
      const settings = (status: number, error: string) =>
        res
          .status(status)
          .type('html')
          .send(
            settingsPage(header(who), who.account, {
              linked: store.links.has(who.account.userId),
              gatewayConfigured: !!ctx.oidc,
              error,
            }),
          );
      if (!ctx.oidc) return settings(503, 'Привязка недоступна: дневник запущен без шлюза ЕСИА.');
      let started;
      try {
        started = await ctx.oidc.change(intent, who.account.userId);
      } catch {
        return settings(502, 'Портал госуслуг сейчас не отвечает. Попробуйте позже.');
      }
      who.session.oidc = started.pending;
      res.redirect(303, started.url.href);
    });

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
        'Портал госуслуг сейчас не отвечает. Попробуйте позже или войдите по паролю.',
      );
    }
    session.oidc = started.pending;
    res.redirect(303, started.url.href);
  });

  router.get('/oidc/callback', async (req, res) => {
    if (!ctx.oidc) return fail(res, 503, ESIA, 'Вход через Госуслуги недоступен: шлюз ЕСИА не настроен.');
    const session = browserSession(store, req, res);
    const pending = session.oidc ?? undefined;
    session.oidc = null;
    const linking = pending?.intent === 'link' || pending?.intent === 'unlink';
    const title = linking ? LINK : ESIA;
    const back = linking ? '/settings' : '/';
    let result;
    try {
      result = await ctx.oidc.callback(new URL(req.originalUrl, ctx.url), pending);
    } catch (error) {
      if (error instanceof ForeignCallbackError)
        return fail(
          res,
          400,
          title,
          'Ответ портала госуслуг не относится к запросу из этого браузера. Начните заново.',
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
      const who = signedIn(store, req);
      if (!who || who.account.userId !== pending!.account || claims.sub !== pending!.account)
        return fail(
          res,
          409,
          LINK,
          'Вы вышли из дневника или вошли под другой учетной записью. Начните привязку заново.',
          '/settings',
        );
      return res
        .type('html')
        .send(linkedPage(header(who), claims['link'] === 'removed' ? 'removed' : 'linked'));
    }
    const account = store.accounts.get(claims.sub);
    if (!account) return fail(res, 404, ESIA, 'Учетная запись не найдена в ЭлЖур. Обратитесь в школу.');
    if (account.locked) return fail(res, 403, ESIA, 'Учетная запись заблокирована. Обратитесь в школу.');
    const amr = Array.isArray(claims['amr']) ? claims['amr'] : [];
    const fresh = signIn(store, req, res, claims.sub, amr.includes('esia') ? 'esia' : 'password');
    if (typeof claims['org'] === 'string' && typeof claims['role'] === 'string')
      chosen.set(fresh.id, { organizationId: claims['org'], role: claims['role'] });
    fresh.gateway = {
      sid: typeof claims['sid'] === 'string' ? claims['sid'] : null,
      idToken: result.idToken,
    };
    res.redirect(303, '/journal');
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
