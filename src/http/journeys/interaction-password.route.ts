import { DEFAULT_MINIMUM_AGE } from '../../core/policy.types';
import { Router, type Request, type Response } from 'express';
import type { PasswordCheck } from '../../../adapters/contract';
import { JourneyMissingError } from '../../services/linking.errors';
import type { CutoverFeature } from '../../services/cutover-feature';
import type { DiaryInstance } from '../../services/diary-directory';
import type { InteractionRequest } from '../../provider/provider-interactions';
import type { PasswordDecisionAnswer } from '../../services/password-decision.use-case';
import { recoveryVerdict } from '../../services/password-recovery';
import { csrfToken } from '../csrf';
import { allowFormsInto } from '../form-targets';
import { passwordProof } from '../interaction/sign-in-outcome';
import { pickLang } from '../lang';
import { rotateSession } from '../sessions';
import { diaryPasswordPage, passwordRecoveryPage } from '../views/journeys/login-password.page';
import { passwordClosedPage, passwordWarningPage } from '../views/journeys/password-decision.page';
import { ofInteraction, required, type JourneyDeps } from './journey-deps';
import {
  answerRefusal,
  credentialsOf,
  hitPasswordLimits,
  organizationCascade,
  passwordInstance,
} from './password-form';

/** A password sign-in whose decision was a warning: «Продолжить» finishes it. */
interface PasswordSignIn {
  readonly interaction: string;
  readonly instanceId: string;
  readonly userId: string;
  readonly organizationId: string | null;
}

declare module 'express-session' {
  interface SessionData {
    passwordSignIn?: PasswordSignIn;
  }
}

/** The journeys' dependencies and, for sign-ins, the cutover policy's decision. */
export interface PasswordStepDeps extends JourneyDeps {
  readonly cutover?: Pick<CutoverFeature, 'decide' | 'policies' | 'esiaIsOnlyWayIn'>;
}

const purposeOf = (request: InteractionRequest) => (request.intent === 'password' ? 'sign-in' : 'link');

/** The interaction, which must be a password sign-in or a link without an account named by the diary. */
async function passwordRequest(req: Request, res: Response, deps: PasswordStepDeps) {
  const request = await deps.interactions.request(req, res, String(req.params['uid']));
  const proof = (request.intent === 'link' || request.intent === 'unlink') && !request.account;
  if (request.intent !== 'password' && !proof) throw new JourneyMissingError();
  return { request, instance: passwordInstance(deps, request.instanceId) };
}

async function showForm(
  req: Request,
  res: Response,
  deps: PasswordStepDeps,
  request: InteractionRequest,
  instance: DiaryInstance,
  fields: { source: Record<string, unknown>; login?: string; refusal?: string },
) {
  res.set('Cache-Control', 'no-store');
  allowFormsInto(res, deps.interactions.originsOf(instance.id));
  res.type('html').send(
    diaryPasswordPage({
      lang: pickLang(req),
      csrf: csrfToken(req),
      uid: request.uid,
      purpose: purposeOf(request),
      diaryName: instance.displayName,
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
  deps: PasswordStepDeps,
  uid: string,
  instance: DiaryInstance,
  answer: PasswordDecisionAnswer,
) {
  res.set('Cache-Control', 'no-store');
  allowFormsInto(res, deps.interactions.originsOf(instance.id));
  res
    .status(403)
    .type('html')
    .send(
      passwordClosedPage({
        lang: pickLang(req),
        csrf: csrfToken(req),
        uid,
        diaryName: instance.displayName,
        facts: answer,
      }),
    );
}

/**
 * The organization and role the diary receives: only what the vendor's memberships confirm for this account
 * (a school picked in the form is a search hint for the vendor, not a fact the gateway can vouch for).
 */
async function confirmedMembership(instance: DiaryInstance, userId: string, organizationId: string | null) {
  if (!organizationId) return { organizationId: null, role: null };
  const memberships = await instance.adapter.listMemberships(userId);
  const held = memberships.filter((m) => m.organization.id === organizationId);
  return held.length === 1
    ? { organizationId, role: held[0]!.role }
    : held.length
      ? { organizationId, role: null }
      : { organizationId: null, role: null };
}

async function finishPasswordSignIn(
  req: Request,
  res: Response,
  deps: PasswordStepDeps,
  account: PasswordSignIn,
) {
  const instance = deps.diaries.get(account.instanceId);
  const membership = await confirmedMembership(instance, account.userId, account.organizationId);
  await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
  await deps.interactions.finish(req, res, account.interaction, {
    signIn: { instanceId: instance.id, userId: account.userId, ...membership, esiaOid: null },
    proof: passwordProof(instance.id, account.userId),
  });
  deps.activity('sign_in_password_form', instance.id);
}

/**
 * `GET|POST /interaction/:uid/password`: the diary's password form hosted by the gateway, as a step of the
 * diary's own request. For a sign-in (flow C, vendors that cannot ask the decision API): both rate limits →
 * the vendor checks the password → the cutover decision about THAT account → deny: «Вход по паролю закрыт»;
 * warn: the information window and «Продолжить»; allow (shadow included) → the diary gets its code (amr pwd).
 * The decision is asked only after the password was right, so a stranger learns nothing of an account's age,
 * link or refusal. For a link or unlink without an account named by the diary: the password proves the account,
 * then the journey goes on (notice, ESIA, confirmation).
 */
export function interactionPasswordRoute(deps: PasswordStepDeps): Router {
  const router = Router();
  router.get('/interaction/:uid/password', async (req, res) => {
    const { request, instance } = await passwordRequest(req, res, deps);
    await showForm(req, res, deps, request, instance, { source: req.query });
  });

  router.post('/interaction/:uid/password', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const { request, instance } = await passwordRequest(req, res, deps);
    const credentials = credentialsOf(body);
    const refuse = (refusal: Extract<PasswordCheck, { ok: false }>) => {
      const text = answerRefusal(res, refusal, pickLang(req));
      return showForm(req, res, deps, request, instance, {
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

    if (request.intent === 'link' || request.intent === 'unlink') {
      // Proven: a session id planted before this moment (fixation) is worthless from here on.
      await rotateSession(req, {
        journey: {
          kind: request.intent,
          instanceId: instance.id,
          userId: check.userId,
          method: 'diary-password',
          interaction: request.uid,
        },
      });
      return res.redirect(303, `/interaction/${request.uid}/notice`);
    }
    const cutover = required(deps.cutover);
    const answer = await cutover.decide({ instanceId: instance.id, userId: check.userId });
    if (answer.decision === 'deny') return showClosed(req, res, deps, request.uid, instance, answer);
    const account: PasswordSignIn = {
      interaction: request.uid,
      instanceId: instance.id,
      userId: check.userId,
      organizationId: credentials.organizationId ?? null,
    };
    if (answer.decision === 'allow') return finishPasswordSignIn(req, res, deps, account);
    await rotateSession(req, { passwordSignIn: account });
    res.set('Cache-Control', 'no-store');
    allowFormsInto(res, deps.interactions.originsOf(instance.id));
    res.type('html').send(
      passwordWarningPage({
        lang: pickLang(req),
        csrf: csrfToken(req),
        uid: request.uid,
        diaryName: instance.displayName,
        facts: answer,
      }),
    );
  });

  router.post('/interaction/:uid/password/continue', async (req, res) => {
    const account = ofInteraction(required(req.session.passwordSignIn), req.params['uid']!);
    const cutover = required(deps.cutover);
    // The window may have closed since the warning (local midnight, an operator's change): ask again.
    if (await cutover.esiaIsOnlyWayIn(account.instanceId, account.userId)) {
      const answer = await cutover.decide({ instanceId: account.instanceId, userId: account.userId });
      return showClosed(req, res, deps, account.interaction, deps.diaries.get(account.instanceId), answer);
    }
    await finishPasswordSignIn(req, res, deps, account);
  });

  router.get('/interaction/:uid/password/reset', async (req, res) => {
    const { request, instance } = await passwordRequest(req, res, deps);
    const scope = deps.cutover ? await deps.cutover.policies.instanceScope(instance.id) : null;
    const verdict = scope ? recoveryVerdict(scope, deps.clock.now()) : null;
    res.type('html').send(
      passwordRecoveryPage({
        lang: pickLang(req),
        uid: request.uid,
        diaryName: instance.displayName,
        diaryUrl: instance.client?.signInUrl ?? instance.baseUrl,
        closed: verdict?.closed ?? false,
        cutoverDate: verdict?.cutoverDate ?? null,
        minimumAge: verdict?.minimumAge ?? DEFAULT_MINIMUM_AGE,
      }),
    );
  });
  return router;
}
