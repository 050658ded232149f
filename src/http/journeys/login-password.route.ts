import { Router, type Request, type Response } from 'express';
import type { PasswordCheck } from '../../../adapters/contract';
import type { CutoverFeature } from '../../services/cutover-feature';
import type { DiaryInstance } from '../../services/diary-directory';
import type { PasswordDecisionAnswer } from '../../services/password-decision.use-case';
import { recoveryVerdict } from '../../services/password-recovery';
import { safeReturnUrl } from '../../services/return-address';
import { csrfToken } from '../csrf';
import { pickLang } from '../lang';
import { rotateSession } from '../sessions';
import { loginPasswordPage, passwordRecoveryPage } from '../views/journeys/login-password.page';
import { passwordClosedPage, passwordWarningPage } from '../views/journeys/password-decision.page';
import { handOffAndEnd } from './hand-off';
import { required, type JourneyDeps } from './journey-deps';
import {
  answerRefusal,
  credentialsOf,
  hitPasswordLimits,
  organizationCascade,
  passwordInstance,
} from './password-form';

/** A diary account whose password was right and whose decision was a warning: «Продолжить» hands it off. */
interface PasswordSignIn {
  readonly instanceId: string;
  readonly userId: string;
  readonly organizationId: string | null;
  readonly returnUrl: string;
}

declare module 'express-session' {
  interface SessionData {
    passwordSignIn?: PasswordSignIn;
  }
}

/** The journeys' dependencies and the cutover policy's decision (mounted only when both are present). */
export interface PasswordSignInDeps extends JourneyDeps {
  readonly cutover: Pick<CutoverFeature, 'decide' | 'policies' | 'esiaIsOnlyWayIn'>;
}

async function showForm(
  req: Request,
  res: Response,
  instance: DiaryInstance,
  fields: { returnUrl: string; source: Record<string, unknown>; login?: string; refusal?: string },
) {
  res.set('Cache-Control', 'no-store');
  res.type('html').send(
    loginPasswordPage({
      lang: pickLang(req),
      csrf: csrfToken(req),
      instanceId: instance.id,
      diaryName: instance.displayName,
      returnUrl: fields.returnUrl,
      cascade: await organizationCascade(instance, fields.source),
      ...(fields.login === undefined ? {} : { login: fields.login }),
      ...(fields.refusal === undefined ? {} : { refusal: fields.refusal }),
      reference: req.id,
    }),
  );
}

function showClosed(
  req: Request,
  res: Response,
  instance: DiaryInstance,
  answer: PasswordDecisionAnswer,
  returnUrl: string,
) {
  res.set('Cache-Control', 'no-store');
  res
    .status(403)
    .type('html')
    .send(
      passwordClosedPage({
        lang: pickLang(req),
        diaryName: instance.displayName,
        facts: answer,
        returnUrl,
      }),
    );
}

/**
 * The same hand-off as the ESIA sign-in's: a one-time code on the vendor's address, the session ended. Always
 * from a form post (the password form, «Продолжить»), so through the hand-off page: Chromium holds a 303 to the
 * diary's origin against the form's CSP form-action.
 */
function handOffAccount(req: Request, res: Response, account: PasswordSignIn, deps: JourneyDeps) {
  const choice = {
    userId: account.userId,
    organizationId: account.organizationId,
    organizationName: '',
    role: null,
    viaSnils: false,
  };
  return handOffAndEnd(req, res, account.instanceId, choice, null, deps, false, 'page');
}

/**
 * `GET|POST /login/password?instance=…`: the diary's password sign-in hosted by the gateway (flow C, for vendors
 * that cannot ask the decision API). Steps: both rate limits → the vendor checks the password → the cutover
 * decision about THAT account → deny: «Вход по паролю закрыт»; warn: the information window and «Продолжить»;
 * allow (shadow included: the decision has counted it) → the hand-off. The decision is asked only after the
 * password was right, so a stranger learns nothing of an account's age, link or refusal: every wrong guess,
 * for an account that exists or not, reads «Неправильный логин или пароль».
 */
export function loginPasswordRoute(deps: PasswordSignInDeps): Router {
  const router = Router();
  router.get('/login/password', async (req, res) => {
    const instance = passwordInstance(deps, req.query['instance']);
    const returnUrl = safeReturnUrl(req.query['returnUrl'], instance);
    await showForm(req, res, instance, { returnUrl, source: req.query });
  });

  router.post('/login/password', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const instance = passwordInstance(deps, body['instance']);
    const returnUrl = safeReturnUrl(body['returnUrl'], instance);
    const credentials = credentialsOf(body);
    const refuse = (refusal: Extract<PasswordCheck, { ok: false }>) => {
      const text = answerRefusal(res, refusal, pickLang(req));
      return showForm(req, res, instance, {
        returnUrl,
        source: body,
        login: credentials.login,
        refusal: text,
      });
    };
    // An empty field never reaches the vendor: it cannot be right, and junk must not trip its circuit breaker.
    if (!credentials.login || !credentials.password) return refuse({ ok: false, reason: 'bad_credentials' });
    const limited = await hitPasswordLimits(deps, instance, credentials.login, req.ip);
    if (limited) return refuse(limited);
    const check = await instance.adapter.verifyPassword(credentials);
    if (!check.ok) return refuse(check);

    const answer = await deps.cutover.decide({ instanceId: instance.id, userId: check.userId });
    if (answer.decision === 'deny') return showClosed(req, res, instance, answer, returnUrl);
    const account = {
      instanceId: instance.id,
      userId: check.userId,
      organizationId: credentials.organizationId ?? null,
      returnUrl,
    };
    // Signed in: a session id planted before this moment (fixation) is worthless from here on.
    await rotateSession(req, answer.decision === 'warn' ? { passwordSignIn: account } : {});
    if (answer.decision === 'allow') return handOffAccount(req, res, account, deps);
    res.set('Cache-Control', 'no-store');
    res.type('html').send(
      passwordWarningPage({
        lang: pickLang(req),
        csrf: csrfToken(req),
        diaryName: instance.displayName,
        facts: answer,
      }),
    );
  });

  router.post('/login/password/continue', async (req, res) => {
    const account = required(req.session.passwordSignIn);
    delete req.session.passwordSignIn;
    // The window may have closed since the warning (local midnight, an operator's change): ask again.
    if (await deps.cutover.esiaIsOnlyWayIn(account.instanceId, account.userId)) {
      const answer = await deps.cutover.decide({ instanceId: account.instanceId, userId: account.userId });
      return showClosed(req, res, deps.diaries.get(account.instanceId), answer, account.returnUrl);
    }
    await handOffAccount(req, res, account, deps);
  });

  router.get('/login/password/reset', async (req, res) => {
    const instance = passwordInstance(deps, req.query['instance']);
    const scope = await deps.cutover.policies.instanceScope(instance.id);
    const verdict = scope ? recoveryVerdict(scope, deps.clock.now()) : null;
    res.type('html').send(
      passwordRecoveryPage({
        lang: pickLang(req),
        instanceId: instance.id,
        diaryName: instance.displayName,
        diaryUrl: instance.baseUrl,
        closed: verdict?.closed ?? false,
        cutoverDate: verdict?.cutoverDate ?? null,
        minimumAge: verdict?.minimumAge ?? 14,
      }),
    );
  });
  return router;
}
