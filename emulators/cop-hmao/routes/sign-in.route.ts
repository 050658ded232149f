import { Router, type Request, type Response } from 'express';
import {
  ForeignCallbackError,
  OidcRefusedError,
  refusalText,
  type OidcResult,
} from '../../shared/diary-oidc-client';
import type { CopContext } from '../cop-emulator.context';
import { newCsrfToken } from '../state/browser-sessions';
import { journalPage, landingPage, signInFailedPage } from '../views/public.view';

/** «Войти через Госуслуги» starts at the platform itself, which sends the browser to the gateway. */
export const ESIA_SIGN_IN_PATH = '/login/esia';

/** The rows of the journal page: a parent's children there, a pupil's class, an employee's position. */
function journalRows(ctx: CopContext, userId: string, organizationId: string | null, role: string) {
  const inOrg = (id: string) => organizationId === null || id === organizationId;
  if (role === 'parent')
    return ctx.store
      .childrenOf(userId)
      .filter((f) => inOrg(f.organizationId))
      .map((f) => ({ title: `${f.student.lastName} ${f.student.firstName}`, detail: `${f.class} класс` }));
  if (role === 'student')
    return ctx.store.data.studentFiles
      .filter((f) => f.student.userId === userId && inOrg(f.organizationId))
      .map((f) => ({ title: f.class, detail: 'расписание, оценки, домашние задания' }));
  return ctx.store.data.employees
    .filter((e) => e.userId === userId && inOrg(e.organizationId))
    .map((e) => ({ title: e.position, detail: 'классный журнал' }));
}

const failed = (res: Response, status: number, reason: string) =>
  void res.status(status).type('html').send(signInFailedPage(reason));

/**
 * The platform as a client of the gateway's OpenID Provider: the landing page, «Войти через Госуслуги»
 * (`GET /login/esia`: state, nonce and PKCE kept in this browser's session), the callback (`GET /oidc/callback`)
 * that refuses what this browser did not ask for, the journal of the profile, organization and role the gateway
 * chose, «Выйти» through the gateway's logout, and the gateway's back-channel logout.
 */
export function signInRoute(ctx: CopContext): Router {
  const router = Router();

  router.get(
    '/',
    (_req, res) =>
      void res.type('html').send(landingPage({ esiaLoginUrl: ctx.gateway ? ESIA_SIGN_IN_PATH : null })),
  );

  router.get(ESIA_SIGN_IN_PATH, async (req: Request, res: Response) => {
    if (!ctx.oidc) return failed(res, 503, 'Вход через Госуслуги не настроен.');
    const started = await ctx.oidc.signIn().catch(() => null);
    if (!started)
      return failed(res, 502, 'Сервис входа через Госуслуги временно недоступен. Попробуйте позже.');
    ctx.sessions.start(req, res, { kind: 'signing-in', oidc: started.pending });
    res.redirect(303, started.url.href);
  });

  router.get('/oidc/callback', async (req: Request, res: Response) => {
    if (!ctx.oidc) return failed(res, 503, 'Вход через Госуслуги не настроен.');
    const session = ctx.sessions.get(req);
    const pending = session?.kind === 'signing-in' ? session.oidc : undefined;
    // The state, nonce and verifier are spent whatever the outcome; any other session is left as it is.
    if (pending) ctx.sessions.forget(req);
    let result: OidcResult;
    try {
      result = await ctx.oidc.callback(new URL(req.originalUrl, ctx.url()), pending);
    } catch (error) {
      if (error instanceof ForeignCallbackError)
        return failed(
          res,
          400,
          'Ссылка для входа устарела или открыта в другом браузере. Начните вход заново.',
        );
      if (error instanceof OidcRefusedError && error.error === 'access_denied')
        return failed(res, 403, 'Вход через Госуслуги отменён. Вы можете войти ещё раз.');
      if (error instanceof OidcRefusedError) {
        const { status, text } = refusalText(error, 'sign-in');
        return failed(res, status, text);
      }
      return failed(res, 502, 'Сервис входа через Госуслуги временно недоступен. Попробуйте позже.');
    }
    signedIn(req, res, result);
  });

  const signedIn = (req: Request, res: Response, { claims, idToken }: OidcResult) => {
    const { sub: userId, org, role, amr, sid } = claims;
    const records = ctx.store.recordsOf(userId);
    if (records.length === 0)
      return failed(res, 404, 'Профиль не найден на платформе. Обратитесь в образовательную организацию.');
    if (ctx.store.blockedReason(userId))
      return failed(res, 403, 'Учётная запись заблокирована. Обратитесь в образовательную организацию.');
    if (typeof role !== 'string')
      return failed(res, 502, 'Портал госуслуг не передал роль. Войдите ещё раз.');
    const organizationId = typeof org === 'string' ? org : null;
    if (organizationId && !records.some((r) => r.organization.id === organizationId))
      return failed(res, 403, 'Выбранная организация не найдена в вашем профиле. Обратитесь в организацию.');
    ctx.sessions.start(req, res, {
      kind: 'user',
      userId,
      organizationId,
      role,
      via: Array.isArray(amr) && amr.includes('esia') ? 'esia' : 'password',
      csrf: newCsrfToken(),
      gateway: { sid: typeof sid === 'string' ? sid : null, idToken },
    });
    // As ЭлЖур does after Госуслуги: the last redirect carries the v_token its app redeems at getusersvendors.
    if (Array.isArray(amr) && amr.includes('esia'))
      return void ctx.vTokens
        .issue(userId)
        .then((vToken) => res.redirect(303, `/journal-app?v_token=${encodeURIComponent(vToken)}`));
    res.redirect(303, '/journal');
  };

  // The web journal opens the same page whatever the v_token (it is the app's).
  router.get('/journal-app', (_req, res) => void res.redirect(303, '/journal'));

  router.get('/journal', (req, res) => {
    const session = ctx.sessions.get(req);
    if (session?.kind !== 'user') return void res.redirect(303, '/');
    const person = ctx.store.recordsOf(session.userId)[0]!.person;
    const organization = session.organizationId ? ctx.store.organization(session.organizationId) : undefined;
    res.type('html').send(
      journalPage({
        fullName: [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' '),
        organizationName: organization?.name ?? 'Все организации',
        role: session.role,
        via: session.via,
        csrf: session.csrf,
        rows: journalRows(ctx, session.userId, session.organizationId, session.role),
      }),
    );
  });

  router.post('/logout', async (req, res) => {
    const session = ctx.sessions.get(req);
    if (session?.kind !== 'user') return void res.redirect(303, '/');
    if ((req.body as Record<string, unknown> | undefined)?.['csrf'] !== session.csrf)
      return void res.status(403).type('text').send('CSRF token mismatch');
    ctx.sessions.end(req, res);
    // The gateway's session ends too (RP-initiated logout), and it comes back to the landing page.
    const url = await ctx.oidc?.logoutUrl(session.gateway.idToken, `${ctx.url()}/`).catch(() => null);
    res.redirect(303, url?.href ?? '/');
  });

  router.post('/oidc/backchannel-logout', async (req, res) => {
    const token = (req.body as Record<string, unknown> | undefined)?.['logout_token'];
    if (!ctx.oidc || typeof token !== 'string')
      return void res.status(400).json({ error: 'invalid_request' });
    const sid = await ctx.oidc.logoutSession(token).catch(() => null);
    if (!sid) return void res.status(400).json({ error: 'invalid_request' });
    ctx.sessions.endWhere((s) => s.kind === 'user' && s.gateway.sid === sid);
    res.status(200).set('Cache-Control', 'no-store').end();
  });

  return router;
}
