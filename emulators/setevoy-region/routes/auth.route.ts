import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { fieldOf } from '../form-fields';
import { readChoice } from '../login-cascade';
import { passwordProof } from '../password.hash';
import { attemptLogin, MESSAGES } from '../password-login';
import type { SetevoyContext } from '../setevoy-emulator.options';
import type { BrowserSession } from '../state/setevoy.store';
import { existingSession } from './browser-session';

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The password protocol as the public clients speak it (nm17/netschoolapi netschoolapi.py `login`,
 * lentryd/NetSchoolApi src/methods/logIn/methods/signIn.ts, vkrya/netschoolpy client.py `login`):
 * `GET logindata` opens the NSSESSIONID session; `POST auth/getdata` in that session hands out a one-time
 * challenge (lt, ver, salt); `POST login` in the same session takes `scid`, the user name and the salted hashes
 * (pw2, and PW cut to the password's length), never the password, and answers an `at` token or HTTP 409 with
 * the system's message; `POST auth/logout` ends the `at` session. Every client sends a Referer of the host.
 * What the system answers a call without the cookie or the Referer no client shows: here HTTP 403.
 */
export function authRoute(ctx: SetevoyContext): Router {
  const router = Router();

  /** The NSSESSIONID session of a call from the host's own pages, or null after answering 403. */
  const sessionOf = (req: Request, res: Response): BrowserSession | null => {
    const session = existingSession(ctx, req);
    const referer = req.get('referer');
    const fromHost =
      referer !== undefined && URL.canParse(referer) && new URL(referer).host === req.get('host');
    if (session && fromHost) return session;
    res.status(403).json({ message: 'Доступ запрещен. Обновите страницу входа' });
    return null;
  };

  router.post('/webapi/auth/getdata', (req, res) => {
    const session = sessionOf(req, res);
    if (!session) return;
    const now = ctx.clock.now().getTime();
    const challenge = ctx.store.newChallenge(session.id, now, ctx.challengeTtlMs, !ctx.passwordLoginDisabled);
    // A host that signs in through Госуслуги only hands out no salt (lentryd/NetSchoolApi authData.ts gives up
    // on such an answer: «Сетевой не вернул данные для авторизации»).
    const { lt, ver, salt } = challenge;
    res.json(salt === null ? { lt, ver } : { lt, ver, salt });
  });

  router.post('/webapi/login', (req: Request, res: Response) => {
    const session = sessionOf(req, res);
    if (!session) return;
    const body: unknown = req.body ?? {};
    const field = (name: string) => fieldOf(body, name) ?? '';
    if (field('LoginType') !== '1') return void res.status(400).json({ message: 'Неверный тип входа' });
    const challenge = ctx.store.takeChallenge(field('lt'), ctx.clock.now().getTime());
    if (!challenge || challenge.ver !== field('ver') || challenge.sessionId !== session.id)
      return void res.status(409).json({ message: MESSAGES.staleForm });
    const { salt } = challenge;
    if (salt === null) return void res.status(409).json({ message: MESSAGES.esiaOnly });
    const outcome = attemptLogin(ctx, readChoice(body), field('UN'), (password) => {
      const expected = passwordProof(salt, password);
      return same(expected.pw2, field('pw2')) && same(expected.PW, field('PW'));
    });
    if (!outcome.ok) return void res.status(409).json({ message: outcome.message });
    const { user, schoolId } = outcome;
    const at = ctx.store.newApiSession({ userId: user.id, schoolId });
    // The fields of the swagger's Login and Login_accountInfo (kmlebedev/netSchoolWebApi swagger/swagger.yaml).
    res.json({
      at,
      timeOut: 2_700_000,
      entryPoint: '/app',
      accountInfo: {
        user: { id: user.id, name: `${user.lastName} ${user.firstName} ${user.middleName ?? ''}`.trim() },
        currentOrganization: { id: schoolId, name: ctx.directory.school(schoolId)?.name ?? '' },
        organizations: [...new Set(user.memberships.map((m) => m.school))].map((s) => ({
          id: s.id,
          name: s.name,
        })),
        active: true,
        canLogin: true,
      },
    });
  });

  router.post('/webapi/auth/logout', (req: Request, res: Response) => {
    const at = req.get('at') ?? fieldOf(req.body, 'at') ?? '';
    ctx.store.apiSessions.delete(at);
    res.status(200).json({});
  });

  // An ASP.NET route answers a method it lacks with 405, not 404: what the adapter's route probe relies on.
  for (const path of ['/webapi/auth/getdata', '/webapi/login', '/webapi/auth/logout'])
    router.all(
      path,
      (_req, res) => void res.status(405).set('Allow', 'POST').json({ message: 'Method Not Allowed' }),
    );
  return router;
}
