import { Router, type Request, type Response } from 'express';
import { DECISION_UNAVAILABLE_TEXT, passwordLoginDecision } from '../../shared/vendor-api.client';
import type { DnevnikContext } from '../dnevnik-emulator.options';
import { checkPassword } from '../password.checker';
import { informationWindowPage } from '../views/diary.view';
import { signInPage, type PasswordRefusal } from '../views/sign-in.view';
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
    extra: { error?: string; login?: string; refusal?: PasswordRefusal } = {},
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

  router.post('/login', async (req: Request, res: Response) => {
    const session = browserSession(store, req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!csrfMatches(session, body.csrf)) return res.status(403).type('text').send('CSRF token mismatch');
    const login = String(body.login ?? '');
    const outcome = checkPassword(ctx, login, String(body.password ?? ''));
    if (outcome.ok) {
      // The password is right; whether it may still be used is the region's rule, which the gateway decides.
      const decision = await passwordLoginDecision(
        ctx.gateway,
        outcome.person.userId,
        ctx.clock.now(),
        'dnevnik-emulator',
      );
      if (decision === 'unavailable')
        return render(res, 503, session.csrf, {
          error: DECISION_UNAVAILABLE_TEXT,
          login,
        });
      if (decision?.decision === 'deny')
        return render(res, 403, session.csrf, {
          login,
          refusal: {
            message: decision.message ?? 'Вход по паролю для вас закрыт. Войдите через Госуслуги.',
            esiaSignInUrl: esiaSignInUrl(ctx),
          },
        });
      const signedIn = signIn(store, req, res, outcome.person.userId, 'password');
      if (decision?.decision === 'warn' && decision.message) {
        signedIn.notice = {
          message: decision.message,
          cutoverDate: decision.cutoverDate,
          daysLeft: decision.daysLeft,
          linked: decision.linked,
        };
        return res.redirect(303, '/notice');
      }
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

  // The information window of seed 004: once, right after a password sign-in in the weeks before the date.
  router.get('/notice', (req, res) => {
    const who = signedInUser(store, req);
    if (!who) return res.redirect(303, '/login');
    const notice = who.session.notice;
    if (!notice) return res.redirect(303, '/userfeed');
    who.session.notice = null;
    res
      .type('html')
      .send(
        informationWindowPage(
          { shortName: `${who.person.lastName} ${who.person.firstName}`, csrf: who.session.csrf },
          notice,
        ),
      );
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
