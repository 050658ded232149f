import { Router, type Request, type Response } from 'express';
import type { CopContext } from '../cop-emulator.context';
import { exchangeSsoCode, type ExchangeOutcome } from '../gateway.client';
import { journalPage, landingPage, ssoFailedPage } from '../views/public.view';

/** Where «Войти через Госуслуги» sends the browser: the gateway's ESIA sign-in for this instance. */
export function esiaLoginUrl(ctx: CopContext): string | null {
  if (!ctx.gateway) return null;
  const url = new URL('/login/esia', ctx.gateway.url);
  url.searchParams.set('instance', ctx.gateway.instanceId);
  return url.toString();
}

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
  void res.status(status).type('html').send(ssoFailedPage(reason));

/** The landing page, the SSO landing `/sso/esia?code=…` (exchanged at the gateway), the journal, logout. */
export function signInRoute(ctx: CopContext): Router {
  const router = Router();

  router.get(
    '/',
    (_req, res) => void res.type('html').send(landingPage({ esiaLoginUrl: esiaLoginUrl(ctx) })),
  );

  router.get('/sso/esia', async (req: Request, res: Response) => {
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    if (!code || code.length > 512) return failed(res, 400, 'В ссылке для входа нет кода. Войдите ещё раз.');
    if (!ctx.gateway) return failed(res, 503, 'Вход через Госуслуги не настроен.');
    let outcome: ExchangeOutcome;
    try {
      outcome = await exchangeSsoCode(ctx.gateway, code, ctx.clock.now());
    } catch {
      return failed(res, 502, 'Сервис входа через Госуслуги временно недоступен. Попробуйте позже.');
    }
    if (!outcome.ok)
      return failed(
        res,
        400,
        'Ссылка для входа устарела или уже использована. Войдите через Госуслуги ещё раз.',
      );
    if (ctx.store.recordsOf(outcome.userId).length === 0)
      return failed(res, 404, 'Профиль не найден на платформе. Обратитесь в образовательную организацию.');
    if (ctx.store.blockedReason(outcome.userId))
      return failed(res, 403, 'Учётная запись заблокирована. Обратитесь в образовательную организацию.');
    ctx.sessions.start(res, {
      kind: 'user',
      userId: outcome.userId,
      organizationId: outcome.organizationId,
      role: outcome.role,
    });
    res.redirect(303, '/journal');
  });

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
        rows: journalRows(ctx, session.userId, session.organizationId, session.role),
      }),
    );
  });

  router.post('/logout', (req, res) => {
    ctx.sessions.end(req, res);
    res.redirect(303, '/');
  });

  return router;
}
