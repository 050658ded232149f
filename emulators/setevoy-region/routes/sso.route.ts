import { Router } from 'express';
import type { SetevoyContext } from '../setevoy-emulator.options';
import { messagePage } from '../views/layout.view';
import { setPageSecurity, signIn } from './browser-session';

const ROLE_OF: Record<string, string> = {
  student: 'Student',
  parent: 'Parent',
  teacher: 'Teacher',
  staff: 'Administrator',
};

/**
 * `GET /sso/esia?code=…`: the hand-off after an ESIA sign-in at the gateway. The backend exchanges the
 * one-time code (HMAC-signed) for the account, organization and role, and signs the browser in as that.
 */
export function ssoRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const region = ctx.directory.fixture.region.name;
  const refuse = (text: string) =>
    messagePage(region, {
      title: 'Не удалось войти через Госуслуги',
      text,
      tone: 'alert',
      next: { href: '/', label: 'Ко входу в систему' },
    });

  router.get('/sso/esia', async (req, res) => {
    setPageSecurity(ctx, res);
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    if (!code) return void res.status(400).type('html').send(refuse('В адресе нет кода входа.'));
    if (!ctx.gateway)
      return void res
        .status(503)
        .type('html')
        .send(refuse('Вход через Госуслуги на этом стенде не настроен.'));
    const answer = await ctx.gateway.exchange(code).catch(() => null);
    if (!answer)
      return void res
        .status(502)
        .type('html')
        .send(refuse('Сервис входа через Госуслуги сейчас недоступен. Попробуйте позже.'));
    const userId = answer.status === 200 ? answer.body?.userId : undefined;
    const user =
      typeof userId === 'string' && /^\d+$/.test(userId) ? ctx.directory.user(Number(userId)) : undefined;
    if (!user || user.login === null || user.locked)
      return void res
        .status(401)
        .type('html')
        .send(refuse('Ссылка для входа устарела или уже использована. Войдите ещё раз.'));
    const organizationId = Number(answer.body?.organizationId);
    const membership = user.memberships.find((m) => m.school.id === organizationId) ?? user.memberships[0]!;
    const role = ROLE_OF[String(answer.body?.role)] ?? membership.role;
    signIn(ctx, req, res, user, membership.school.id, role);
    res.redirect(303, '/app');
  });
  return router;
}
