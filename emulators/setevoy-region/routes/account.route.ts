import { Router, type Request, type Response } from 'express';
import type { DiaryUser } from '../setevoy.directory';
import type { SetevoyContext } from '../setevoy-emulator.options';
import type { BrowserSession } from '../state/setevoy.store';
import { homePage, informationWindowPage, settingsPage } from '../views/account.view';
import { csrfMatches, headerUser, setPageSecurity, signedInUser } from './browser-session';

const ruDate = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : 'не указана');

/**
 * The signed-in pages: home and «Персональные настройки», whose link and unlink buttons push a request for the
 * signed-in account to the gateway (PAR) and send the browser there; the gateway shows its notice, and the
 * answer comes back to /oidc/callback (oidc.route.ts).
 */
export function accountRoute(ctx: SetevoyContext): Router {
  const router = Router();
  const region = ctx.directory.fixture.region.name;
  type Signed = { session: BrowserSession; user: DiaryUser };
  type Handler = (req: Request, res: Response, s: Signed) => unknown;
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
      // The session is at one school (the sign-in form's, or the organization chosen at the gateway): a
      // parent sees the children who study there.
      const children = user.childIds.flatMap((id) => {
        const child = ctx.directory.user(id);
        const school = child?.memberships[0]?.school;
        return child && school && school.id === session.schoolId
          ? [{ name: `${child.lastName} ${child.firstName}`, school: school.name }]
          : [];
      });
      const roles = session.role ? [session.role] : here.map((m) => m.role);
      res.type('html').send(
        homePage(region, headerUser(session, user), {
          fullName: [user.lastName, user.firstName, user.middleName].filter(Boolean).join(' '),
          school: here[0]?.school.name ?? user.memberships[0]!.school.name,
          roles: roles.map((r) => ctx.directory.roleTitle(r)),
          children,
          via: session.via,
        }),
      );
    }),
  );

  router.get(
    '/app/notice',
    signedIn((_req, res, { session, user }) => {
      const notice = session.notice;
      if (!notice) return void res.redirect(303, '/app');
      session.notice = null;
      res.type('html').send(informationWindowPage(region, headerUser(session, user), notice));
    }),
  );

  const settings = (res: Response, { session, user }: Signed, status = 200, error?: string) =>
    res
      .status(status)
      .type('html')
      .send(
        settingsPage(region, headerUser(session, user), {
          lastName: user.lastName,
          firstName: user.firstName,
          middleName: user.middleName ?? '',
          screenName: headerUser(session, user).shortName,
          login: user.login ?? '',
          birthDate: ruDate(user.birthDate),
          esiaLinkedAt: linkedAt(user),
          ...(error ? { error } : {}),
        }),
      );

  router.get(
    '/app/settings',
    signedIn((_req, res, signed) => settings(res, signed)),
  );

  for (const intent of ['link', 'unlink'] as const)
    router.post(
      `/app/settings/esia-${intent}`,
      signedIn(async (req, res, signed) => {
        if (!csrfMatches(signed.session, (req.body as Record<string, unknown> | undefined)?.csrf))
          return void res.status(403).type('text').send('CSRF token mismatch');
        if (!ctx.oidc)
          return settings(res, signed, 503, 'Привязка к порталу Госуслуг на этом стенде не настроена.');
        const started = await ctx.oidc.change(intent, String(signed.user.id)).catch(() => null);
        if (!started)
          return settings(
            res,
            signed,
            502,
            'Сервис привязки учетных записей сейчас недоступен. Попробуйте позже.',
          );
        signed.session.oidc = started.pending;
        res.redirect(303, started.url.href);
      }),
    );
  return router;
}
