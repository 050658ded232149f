import { Router, type Request, type Response } from 'express';
import {
  ForeignCallbackError,
  OidcRefusedError,
  refusalText,
  type OidcResult,
} from '../../shared/diary-oidc-client';
import { apiRoleOf } from '../roles';
import type { SetevoyContext } from '../setevoy-emulator.options';
import { accountChangedPage } from '../views/account.view';
import { messagePage } from '../views/layout.view';
import { browserSession, headerUser, setPageSecurity, signIn, signedInUser } from './browser-session';
import { ESIA_SIGN_IN_PATH } from './sign-in.route';

/** Where a refused answer leaves the person: the sign-in page, or «Персональные настройки». */
interface Outcome {
  title: string;
  next: { href: string; label: string };
}
const SIGN_IN: Outcome = {
  title: 'Не удалось войти через Госуслуги',
  next: { href: '/', label: 'Ко входу в систему' },
};
const changeOf = (intent: 'link' | 'unlink'): Outcome => ({
  title: intent === 'link' ? 'Привязка не выполнена' : 'Отвязка не выполнена',
  next: { href: '/app/settings', label: 'Персональные настройки' },
});

/**
 * «Сетевой Регион» as a client of the gateway's OpenID Provider: «Войти через Госуслуги» (`GET /login/esia`),
 * the callback (`GET /oidc/callback`) for sign-in and for the link and unlink buttons of «Персональные
 * настройки» (account.route.ts), and the gateway's back-channel logout (`POST /oidc/backchannel-logout`).
 * A callback this browser did not ask for is refused: that is what makes a carried code worthless.
 */
export function oidcRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const region = ctx.directory.fixture.region.name;
  const fail = (req: Request, res: Response, status: number, text: string, kind: Outcome = SIGN_IN) => {
    const who = signedInUser(ctx, req);
    res
      .status(status)
      .type('html')
      .send(
        messagePage(
          region,
          { title: kind.title, text, tone: 'alert', next: kind.next },
          who ? headerUser(who.session, who.user) : undefined,
        ),
      );
  };

  router.get(ESIA_SIGN_IN_PATH, async (req, res) => {
    setPageSecurity(ctx, res);
    if (!ctx.oidc) return fail(req, res, 503, 'Вход через Госуслуги на этом стенде не настроен.');
    const started = await ctx.oidc.signIn().catch(() => null);
    if (!started)
      return fail(
        req,
        res,
        502,
        'Сервис входа через Госуслуги сейчас недоступен. Попробуйте позже или войдите по имени пользователя и паролю.',
      );
    browserSession(ctx, req, res).oidc = started.pending;
    res.redirect(303, started.url.href);
  });

  router.get('/oidc/callback', async (req, res) => {
    setPageSecurity(ctx, res);
    if (!ctx.oidc) return fail(req, res, 503, 'Вход через Госуслуги на этом стенде не настроен.');
    const session = browserSession(ctx, req, res);
    const pending = session.oidc ?? undefined;
    // One callback per request: the state, nonce and verifier are spent whatever the outcome.
    session.oidc = null;
    const change = pending?.intent === 'link' || pending?.intent === 'unlink' ? pending.intent : null;
    let result: OidcResult;
    try {
      result = await ctx.oidc.callback(new URL(req.originalUrl, ctx.baseUrl()), pending);
    } catch (error) {
      if (error instanceof ForeignCallbackError)
        return change
          ? fail(
              req,
              res,
              400,
              'Ответ портала Госуслуг не относится к привязке, начатой в этом браузере. Начните привязку заново из персональных настроек.',
              changeOf(change),
            )
          : fail(
              req,
              res,
              400,
              'Ссылка для входа устарела или открыта в другом браузере. Начните вход заново.',
            );
      if (error instanceof OidcRefusedError && error.error === 'access_denied')
        return change
          ? fail(req, res, 403, cancelled(change), changeOf(change))
          : fail(
              req,
              res,
              403,
              'Вход через Госуслуги отменён. Войдите ещё раз или по имени пользователя и паролю.',
            );
      if (error instanceof OidcRefusedError) {
        const { status, text } = refusalText(error, change ?? 'sign-in');
        return change ? fail(req, res, status, text, changeOf(change)) : fail(req, res, status, text);
      }
      return fail(
        req,
        res,
        502,
        'Сервис входа через Госуслуги сейчас недоступен. Попробуйте позже.',
        change ? changeOf(change) : SIGN_IN,
      );
    }
    if (change) return accountChanged(req, res, change, pending!.account, result);
    signedInThroughGateway(req, res, result);
  });

  /** After a link or unlink: the same account must still be signed in here, and be the one the gateway changed. */
  const accountChanged = (
    req: Request,
    res: Response,
    intent: 'link' | 'unlink',
    account: string | undefined,
    result: OidcResult,
  ) => {
    const who = signedInUser(ctx, req);
    const { sub, link } = result.claims;
    if (!who || String(who.user.id) !== account || sub !== account)
      return fail(
        req,
        res,
        409,
        'Вы вышли из системы или вошли под другой учетной записью. Начните привязку заново из персональных настроек.',
        changeOf(intent),
      );
    const done = intent === 'unlink' ? link === 'removed' : link === 'created' || link === 'exists';
    if (!done)
      return fail(
        req,
        res,
        502,
        'Портал Госуслуг не подтвердил изменение. Попробуйте ещё раз.',
        changeOf(intent),
      );
    res.type('html').send(accountChangedPage(region, headerUser(who.session, who.user), intent));
  };

  /** A sign-in: the account, school and role the gateway's chooser picked, and how the person proved it. */
  const signedInThroughGateway = (req: Request, res: Response, result: OidcResult) => {
    const { sub, org, role, amr, sid } = result.claims;
    const user = /^\d+$/.test(sub) ? ctx.directory.user(Number(sub)) : undefined;
    if (!user || user.login === null)
      return fail(req, res, 404, 'Учетная запись не найдена в системе. Обратитесь в свою школу.');
    if (user.locked)
      return fail(req, res, 403, 'Учетная запись заблокирована. Обратитесь к администратору школы.');
    const inSchool = user.memberships.filter((m) => typeof org !== 'string' || String(m.school.id) === org);
    // The chooser's role is the diary API's word: the membership whose own role maps onto it.
    const membership = inSchool.find((m) => apiRoleOf(m.role) === role) ?? inSchool[0];
    if (!membership)
      return fail(
        req,
        res,
        403,
        'Выбранная организация не найдена в вашей учетной записи. Обратитесь в школу.',
      );
    signIn(ctx, req, res, {
      userId: user.id,
      schoolId: membership.school.id,
      via: Array.isArray(amr) && amr.includes('esia') ? 'esia' : 'gateway-password',
      role: membership.role,
      gateway: { sid: typeof sid === 'string' ? sid : null, idToken: result.idToken },
    });
    res.redirect(303, '/app');
  };

  router.post('/oidc/backchannel-logout', async (req, res) => {
    const token = (req.body as Record<string, unknown> | undefined)?.['logout_token'];
    if (!ctx.oidc || typeof token !== 'string')
      return void res.status(400).json({ error: 'invalid_request' });
    const sid = await ctx.oidc.logoutSession(token).catch(() => null);
    if (!sid) return void res.status(400).json({ error: 'invalid_request' });
    for (const [id, s] of ctx.store.sessions) if (s.gateway?.sid === sid) ctx.store.sessions.delete(id);
    res.status(200).set('Cache-Control', 'no-store').end();
  });
  return router;
}

/** What the person reads after pressing «Вернуться в дневник» at the gateway. */
function cancelled(intent: 'link' | 'unlink'): string {
  return intent === 'unlink'
    ? 'Учетная запись портала Госуслуг не отвязана: действие отменено. Вы можете начать его заново из персональных настроек.'
    : 'Учетная запись портала Госуслуг не привязана: привязка отменена. Вы можете начать привязку заново из персональных настроек.';
}
