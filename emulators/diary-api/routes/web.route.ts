import { Router, type Request } from 'express';
import { diaryOidcRoute } from '../../shared/diary-oidc.route';
import type { EljurContext } from '../diary-api-emulator.options';
import {
  errorPage,
  journalPage,
  linkedPage,
  settingsPage,
  signInPage,
  type HeaderUser,
} from '../views/pages.view';
import { browserSession, csrfMatches, sessions, signIn, signOut, signedIn } from './web-session';

const FOREIGN = 'Ответ портала госуслуг не относится к запросу из этого браузера. Начните заново.';

/**
 * The diary's pages: «Вход» (password or «Войти через Госуслуги»), «Дневник», «Настройки» with the link
 * button (a pushed request for the signed-in account), and the diary as an OpenID client of the gateway
 * (emulators/shared/diary-oidc.route.ts) in ЭлЖур's words.
 */
export function webRoute(ctx: EljurContext): Router {
  const router = Router();
  const { store } = ctx;
  const header = (who: NonNullable<ReturnType<typeof signedIn>>): HeaderUser => ({
    shortName: `${who.account.lastName} ${who.account.firstName}`,
    csrf: who.session.csrf,
  });
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
          who.session.chosen,
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

  router.use(
    diaryOidcRoute({
      ctx,
      web: { store, cookies: sessions, passwordVia: 'password' },
      signedIn(req) {
        const who = signedIn(store, req);
        return who && { userId: who.account.userId, linkedPage: (what) => linkedPage(header(who), what) };
      },
      account(userId) {
        const account = store.accounts.get(userId);
        return account && { blocked: account.locked };
      },
      errorPage,
      signInPath: '/',
      homePath: '/journal',
      texts: {
        unreachable: 'Портал госуслуг сейчас не отвечает. Попробуйте позже или войдите по паролю.',
        foreignSignIn: FOREIGN,
        foreignLink: FOREIGN,
        otherAccount: 'Вы вышли из дневника или вошли под другой учетной записью. Начните привязку заново.',
        unknownAccount: 'Учетная запись не найдена в ЭлЖур. Обратитесь в школу.',
        blockedAccount: 'Учетная запись заблокирована. Обратитесь в школу.',
      },
    }),
  );

  return router;
}
