import { Router, type Request, type Response } from 'express';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { callGateway } from '../gateway.client';
import { checkPassword } from '../password.checker';
import { errorPage } from '../views/layout.view';
import { signInPage } from '../views/sign-in.view';
import { browserSession, csrfMatches, signIn, signOut, signedInUser } from './web-session';

const CODE = /^[A-Za-z0-9_-]{8,256}$/;
const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** The gateway's address that starts an ESIA sign-in for this diary instance (the gateway builds the rest). */
export function esiaSignInUrl(ctx: DnevnikContext): string | null {
  if (!ctx.gateway) return null;
  const url = new URL('login/esia', ctx.gateway.url.endsWith('/') ? ctx.gateway.url : `${ctx.gateway.url}/`);
  url.searchParams.set('instance', ctx.gateway.instanceId);
  return url.toString();
}

/** `/login` «Вход», `/logout`, and the hand-off landing `/sso/esia?code=…` where a gateway sign-in ends. */
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

  router.post('/logout', (req, res) => {
    const session = browserSession(store, req, res);
    if (!csrfMatches(session, (req.body as Record<string, unknown> | undefined)?.csrf))
      return res.status(403).type('text').send('CSRF token mismatch');
    signOut(store, req, res);
    res.redirect(303, '/login');
  });

  router.get('/sso/esia', async (req, res) => {
    const again = { href: '/login', label: 'Войти ещё раз' };
    const fail = (status: number, text: string) =>
      res
        .status(status)
        .type('html')
        .send(errorPage('Вход через Госуслуги', text, again));
    if (!ctx.gateway) return fail(503, 'Вход через Госуслуги недоступен: шлюз ЕСИА не настроен.');
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    if (!CODE.test(code)) return fail(400, 'Ссылка для входа неполная. Начните вход заново.');
    let answer;
    try {
      answer = await callGateway(
        ctx.gateway,
        'POST',
        'api/vendor/v1/sso/exchange',
        { code },
        ctx.clock.now(),
      );
    } catch {
      return fail(
        502,
        'Портал госуслуг сейчас не отвечает. Попробуйте позже или войдите по логину и паролю.',
      );
    }
    const userId = answer.body?.userId;
    if (answer.status !== 200 || typeof userId !== 'string')
      return fail(401, 'Ссылка для входа недействительна или устарела. Начните вход заново.');
    const person = store.user(userId);
    if (!person) return fail(404, 'Учётная запись не найдена в Дневник.ру. Обратитесь в школу.');
    if (person.blocked) return fail(403, 'Учётная запись заблокирована. Обратитесь к администратору школы.');
    const session = signIn(store, req, res, userId, 'esia');
    const { organizationId, role } = answer.body ?? {};
    if (typeof organizationId === 'string' && typeof role === 'string')
      session.chosen = { organizationId, role };
    res.redirect(303, '/userfeed');
  });
  return router;
}
