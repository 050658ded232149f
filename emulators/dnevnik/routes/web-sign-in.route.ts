import { Router, type Request, type Response } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { checkPassword } from '../password.checker';
import { signInPage } from '../views/sign-in.view';
import { browserSession, csrfMatches, signIn, signOut, signedInUser } from './web-session';

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** «Войти через Госуслуги» starts at the diary itself, which sends the browser to the gateway (web-oidc.route.ts). */
export function esiaSignInUrl(ctx: DnevnikContext): string | null {
  return ctx.gateway ? '/login/esia' : null;
}

/** `/login` «Вход» and `/logout` (through the gateway's logout when the session came from it). */
export function webSignInRoute(ctx: DnevnikContext): Router {
  const router = Router();
  const { store } = ctx;
  const demoAccounts = store.data.people.filter((p) => p.login !== null);
  const render = (
    res: Response,
    status: number,
    csrf: string,
    extra: { error?: string; login?: string } = {},
  ) =>
    res
      .status(status)
      .type('html')
      .send(signInPage({ csrf, esiaSignInUrl: esiaSignInUrl(ctx), demoAccounts, ...extra }));

  router.get('/', (req, res) => res.redirect(303, signedInUser(store, req) ? '/userfeed' : '/login'));

  router.get('/login', (req, res) => {
    if (signedInUser(store, req)) return res.redirect(303, '/userfeed');
    render(res, 200, browserSession(store, req, res).csrf);
  });

  router.post('/login', (req: Request, res: Response) => {
    const session = browserSession(store, req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!csrfMatches(session, body.csrf)) return res.status(403).type('text').send('CSRF token mismatch');
    const login = String(body.login ?? '');
    const outcome = checkPassword(ctx, login, String(body.password ?? ''));
    if (outcome.ok) {
      signIn(store, req, res, outcome.person.userId, 'password');
      return res.redirect(303, '/userfeed');
    }
    if (outcome.why === 'invalidCredentials')
      return render(res, 401, session.csrf, { error: 'Неверный логин или пароль', login });
    if (outcome.why === 'userBlocked')
      return render(res, 403, session.csrf, {
        error: 'Учётная запись заблокирована. Обратитесь к администратору школы.',
        login,
      });
    res.set('Retry-After', String(outcome.retryAfterSeconds));
    render(res, 429, session.csrf, {
      error: `Слишком много попыток входа. Следующая попытка возможна через ${minutes(outcome.retryAfterSeconds)} мин.`,
      login,
    });
  });

  router.post('/logout', async (req, res) => {
    const session = browserSession(store, req, res);
    if (!csrfMatches(session, (req.body as Record<string, unknown> | undefined)?.csrf))
      return res.status(403).type('text').send('CSRF token mismatch');
    const { gateway } = session;
    signOut(store, req, res);
    // Signed in through the gateway: its session ends too (RP-initiated logout), and it comes back here.
    if (gateway && ctx.oidc) {
      const url = await ctx.oidc.logoutUrl(gateway.idToken, `${ctx.url}/`).catch(() => null);
      if (url) return res.redirect(303, url.href);
    }
    res.redirect(303, '/login');
  });

  return router;
}
