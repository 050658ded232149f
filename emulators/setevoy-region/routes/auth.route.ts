import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { readChoice } from '../login-cascade';
import { passwordProof } from '../password.hash';
import { attemptLogin, MESSAGES } from '../password-login';
import type { SetevoyContext } from '../setevoy-emulator.options';

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const field = (body: Record<string, unknown>, name: string) =>
  typeof body[name] === 'string' ? (body[name] as string) : '';

/**
 * The password protocol: `auth/getdata` hands out a one-time challenge (lt, ver, salt); `login` takes the
 * cascade, UN and the salted hashes pw2 and PW (never the password), and answers an `at` token or HTTP 409
 * with the system's message; `auth/logout` ends the `at` session.
 */
export function authRoute(ctx: SetevoyContext): Router {
  const router = Router();

  router.post('/webapi/auth/getdata', (_req, res) => {
    const { lt, ver, salt } = ctx.store.newChallenge(ctx.clock.now().getTime(), ctx.challengeTtlMs);
    res.json({ lt, ver, salt });
  });

  router.post('/webapi/login', (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (field(body, 'LoginType') !== '1') return void res.status(400).json({ message: 'Неверный тип входа' });
    const challenge = ctx.store.takeChallenge(field(body, 'lt'), ctx.clock.now().getTime());
    if (!challenge || challenge.ver !== field(body, 'ver'))
      return void res.status(409).json({ message: MESSAGES.staleForm });
    const outcome = attemptLogin(ctx, readChoice(body), field(body, 'UN'), (password) => {
      const expected = passwordProof(challenge.salt, password);
      return same(expected.pw2, field(body, 'pw2')) && same(expected.PW, field(body, 'PW'));
    });
    if (!outcome.ok) return void res.status(409).json({ message: outcome.message });
    const { user, schoolId } = outcome;
    const at = ctx.store.newApiSession({ userId: user.id, schoolId });
    res.json({
      at,
      timeOut: 2_700_000,
      entryPoint: '/app',
      accountInfo: {
        user: { id: user.id, name: `${user.lastName} ${user.firstName} ${user.middleName ?? ''}`.trim() },
        currentSchoolId: schoolId,
      },
    });
  });

  router.post('/webapi/auth/logout', (req: Request, res: Response) => {
    ctx.store.apiSessions.delete(String(req.get('at') ?? ''));
    res.status(200).json({});
  });
  return router;
}
