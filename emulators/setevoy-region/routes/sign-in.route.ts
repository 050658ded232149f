import { Router, type Request, type Response } from 'express';
import {
  choiceOfSchool,
  LEVELS,
  levelItems,
  readChoice,
  settleChoice,
  type CascadeChoice,
} from '../login-cascade';
import { DECISION_UNAVAILABLE_TEXT, passwordLoginDecision } from '../../shared/vendor-api.client';
import { attemptLogin, MESSAGES } from '../password-login';
import type { SetevoyContext } from '../setevoy-emulator.options';
import { signInPage, type DemoAccount } from '../views/sign-in.view';
import { browserSession, csrfMatches, setPageSecurity, signIn, signOut } from './browser-session';
import { LEVEL_LABELS } from './login-form.route';

/** «Войти через Госуслуги» starts at the diary itself, which sends the browser to the gateway (oidc.route.ts). */
export const ESIA_SIGN_IN_PATH = '/login/esia';

/**
 * The sign-in page with its cascade (GET /), the password form (POST /), and sign-out (POST /logout, through the
 * gateway's logout when the session came from it).
 */
export function signInRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const dir = ctx.directory;
  const query = (choice: CascadeChoice) =>
    '/?' + new URLSearchParams(LEVELS.map((l): [string, string] => [l, String(choice[l] ?? '')])).toString();
  const demo: DemoAccount[] = dir.users
    .filter((u) => u.login !== null && u.password !== null)
    .map((u) => {
      const school = u.memberships[0]!.school;
      const roles = [...new Set(u.memberships.map((m) => dir.roleTitle(m.role).toLowerCase()))].join(', ');
      return {
        name: `${u.lastName} ${u.firstName} ${u.middleName ?? ''}`.trim(),
        school: school.name,
        login: u.login!,
        password: u.password!,
        href: query(choiceOfSchool(school)),
        note: u.locked ? `${roles}, учетная запись заблокирована` : roles,
      };
    });

  const render = (
    req: Request,
    res: Response,
    choice: CascadeChoice,
    extra: { error?: string; login?: string; refusal?: string } = {},
  ) => {
    const session = browserSession(ctx, req, res);
    setPageSecurity(ctx, res);
    const levels = (['pid', 'cn', 'sft', 'scid'] as const).map((level) => ({
      level,
      label: LEVEL_LABELS[level],
      items: levelItems(dir, choice, level),
    }));
    return signInPage({
      region: dir.fixture.region.name,
      choice,
      levels,
      csrf: session.csrf,
      esiaUrl: ctx.gateway ? ESIA_SIGN_IN_PATH : null,
      demo,
      ...extra,
    });
  };

  router.get('/', (req, res) => {
    res.type('html').send(render(req, res, settleChoice(dir, readChoice(req.query))));
  });

  router.post('/', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const session = browserSession(ctx, req, res);
    if (!csrfMatches(session, body.csrf))
      return void res.status(403).type('text').send('CSRF token mismatch');
    const login = typeof body.UN === 'string' ? body.UN : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const choice = readChoice(body);
    // A host that signs in through Госуслуги only refuses every password, as its login does.
    const outcome = ctx.passwordLoginDisabled
      ? ({ ok: false, message: MESSAGES.esiaOnly } as const)
      : attemptLogin(ctx, choice, login, (stored) => stored === password);
    if (!outcome.ok)
      return void res
        .status(409)
        .type('html')
        .send(render(req, res, settleChoice(dir, choice), { error: outcome.message, login }));
    // The password is right; whether it may still be used is the region's rule, which the gateway decides.
    const decision = await passwordLoginDecision(
      ctx.gateway,
      String(outcome.user.id),
      ctx.clock.now(),
      'setevoy-emulator',
    );
    if (decision === 'unavailable')
      return void res
        .status(503)
        .type('html')
        .send(
          render(req, res, settleChoice(dir, choice), {
            error: DECISION_UNAVAILABLE_TEXT,
            login,
          }),
        );
    if (decision?.decision === 'deny')
      return void res
        .status(403)
        .type('html')
        .send(
          render(req, res, settleChoice(dir, choice), {
            refusal: decision.message ?? 'Вход по паролю для вас закрыт. Войдите через Госуслуги.',
            login,
          }),
        );
    const signedIn = signIn(ctx, req, res, {
      userId: outcome.user.id,
      schoolId: outcome.schoolId,
      via: 'password',
      role: null,
      gateway: null,
    });
    if (decision?.decision === 'warn' && decision.message) {
      signedIn.notice = { message: decision.message, linked: decision.linked };
      return void res.redirect(303, '/app/notice');
    }
    res.redirect(303, '/app');
  });

  router.post('/logout', async (req, res) => {
    const session = browserSession(ctx, req, res);
    if (!csrfMatches(session, (req.body as Record<string, unknown> | undefined)?.csrf))
      return void res.status(403).type('text').send('CSRF token mismatch');
    const { gateway } = session;
    signOut(ctx, req, res);
    // Signed in through the gateway: its session ends too (RP-initiated logout), and it comes back here.
    if (gateway && ctx.oidc) {
      const url = await ctx.oidc.logoutUrl(gateway.idToken, `${ctx.baseUrl()}/`).catch(() => null);
      if (url) return void res.redirect(303, url.href);
    }
    res.redirect(303, '/');
  });
  return router;
}
