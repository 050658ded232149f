import { Router, type Request, type Response } from 'express';
import type { DiaryUser } from '../setevoy.directory';
import type { SetevoyContext } from '../setevoy-emulator.options';
import type { BrowserSession } from '../state/setevoy.store';
import { esiaLinkNoticePage, homePage, settingsPage } from '../views/account.view';
import { messagePage } from '../views/layout.view';
import { csrfMatches, headerUser, setPageSecurity, signedInUser } from './browser-session';

const ROLE_TITLES: Record<string, string> = {
  Student: 'Ученик',
  Parent: 'Родитель',
  Teacher: 'Учитель',
  Administrator: 'Администратор',
};
const ruDate = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : 'не указана');

/**
 * The signed-in pages: home, «Персональные настройки», the link notice whose «Продолжить» asks the gateway
 * for a link ticket and sends the browser to its linkUrl, and the page the gateway returns to afterwards.
 */
export function accountRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const region = ctx.directory.fixture.region.name;
  type Handler = (req: Request, res: Response, s: { session: BrowserSession; user: DiaryUser }) => unknown;
  const signedIn = (handler: Handler) => (req: Request, res: Response) => {
    const found = signedInUser(ctx, req);
    if (!found) return void res.redirect(303, '/');
    setPageSecurity(ctx, res);
    return handler(req, res, found);
  };
  const linkedAt = (user: DiaryUser) => {
    const mark = ctx.store.esiaLinks.get(user.id);
    return mark ? ruDate(mark.linkedAt.slice(0, 10)) : null;
  };

  router.get(
    '/app',
    signedIn((_req, res, { session, user }) => {
      const here = user.memberships.filter((m) => m.school.id === session.schoolId);
      const children = user.childIds.flatMap((id) => {
        const child = ctx.directory.user(id);
        const school = child?.memberships[0]?.school;
        return child && school ? [{ name: `${child.lastName} ${child.firstName}`, school: school.name }] : [];
      });
      const roles = session.role ? [session.role] : here.map((m) => m.role);
      res.type('html').send(
        homePage(region, headerUser(session, user), {
          fullName: [user.lastName, user.firstName, user.middleName].filter(Boolean).join(' '),
          school: here[0]?.school.name ?? user.memberships[0]!.school.name,
          roles: roles.map((r) => ROLE_TITLES[r] ?? r),
          children,
          viaEsia: session.role !== null,
        }),
      );
    }),
  );

  router.get(
    '/app/settings',
    signedIn((_req, res, { session, user }) => {
      res.type('html').send(
        settingsPage(region, headerUser(session, user), {
          lastName: user.lastName,
          firstName: user.firstName,
          middleName: user.middleName ?? '',
          screenName: headerUser(session, user).shortName,
          login: user.login ?? '',
          birthDate: ruDate(user.birthDate),
          esiaLinkedAt: linkedAt(user),
        }),
      );
    }),
  );

  router.get(
    '/app/settings/esia-link',
    signedIn((_req, res, { session, user }) => {
      res.type('html').send(esiaLinkNoticePage(region, headerUser(session, user)));
    }),
  );

  router.post(
    '/app/settings/esia-link',
    signedIn(async (req, res, { session, user }) => {
      if (!csrfMatches(session, (req.body as Record<string, unknown> | undefined)?.csrf))
        return void res.status(403).type('text').send('CSRF token mismatch');
      const header = headerUser(session, user);
      const fail = (status: number, text: string) =>
        res
          .status(status)
          .type('html')
          .send(
            messagePage(
              region,
              {
                title: 'Привязка не выполнена',
                text,
                tone: 'alert',
                next: { href: '/app/settings', label: 'Вернуться' },
              },
              header,
            ),
          );
      if (!ctx.gateway) return fail(503, 'Привязка к порталу Госуслуг на этом стенде не настроена.');
      const answer = await ctx.gateway
        .linkTicket(String(user.id), `${ctx.baseUrl()}/app/settings/esia-linked`)
        .catch(() => null);
      const linkUrl = answer?.status === 201 ? answer.body?.linkUrl : undefined;
      if (typeof linkUrl !== 'string' || !/^https?:\/\//.test(linkUrl))
        return fail(502, 'Сервис привязки учетных записей сейчас недоступен. Попробуйте позже.');
      res.redirect(303, linkUrl);
    }),
  );

  router.get(
    '/app/settings/esia-linked',
    signedIn(async (_req, res, { session, user }) => {
      const status = await ctx.gateway?.linkStatus(String(user.id)).catch(() => null);
      const linked = status?.status === 200 ? status.body?.linked === true : ctx.store.esiaLinks.has(user.id);
      res.type('html').send(
        messagePage(
          region,
          linked
            ? {
                title: 'Учетная запись привязана',
                text: 'Ваша учетная запись в АИС «Сетевой Регион. Образование» связана с учетной записью портала Госуслуг. В дальнейшем входите через Госуслуги.',
                tone: 'ok',
                next: { href: '/app', label: 'Перейти в Сетевой Регион' },
              }
            : {
                title: 'Привязка не завершена',
                text: 'Учетная запись портала Госуслуг не привязана. Вы можете повторить привязку в персональных настройках.',
                tone: 'alert',
                next: { href: '/app/settings', label: 'Персональные настройки' },
              },
          headerUser(session, user),
        ),
      );
    }),
  );
  return router;
}
