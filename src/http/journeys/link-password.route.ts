import { Router, type Request, type Response } from 'express';
import type { PasswordCheck } from '../../../adapters/contract';
import type { DiaryInstance } from '../../services/diary-directory';
import { safeReturnUrl } from '../../services/return-address';
import { csrfToken } from '../csrf';
import { pickLang } from '../lang';
import { rotateSession } from '../sessions';
import type { Lang } from '../views/layout';
import { linkPasswordPage } from '../views/journeys/link-password.page';
import type { JourneyDeps } from './journey-deps';
import {
  answerRefusal,
  credentialsOf,
  hitPasswordLimits,
  organizationCascade,
  passwordInstance,
} from './password-form';

async function show(
  req: Request,
  res: Response,
  instance: DiaryInstance,
  returnUrl: string,
  source: Record<string, unknown>,
  extra: { lang: Lang; login?: string; refusal?: string },
) {
  res.set('Cache-Control', 'no-store');
  res.type('html').send(
    linkPasswordPage({
      csrf: csrfToken(req),
      instanceId: instance.id,
      returnUrl,
      diaryName: instance.displayName,
      cascade: await organizationCascade(instance, source),
      ...extra,
      reference: req.id,
    }),
  );
}

/**
 * `GET|POST /link/password?instance=…`: the diary password entered at the gateway proves the diary account
 * (vendors with passwordLogin). Rate limited; refusals are shown in Russian on the form itself.
 */
export function linkPasswordRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/link/password', async (req, res) => {
    const instance = passwordInstance(deps, req.query['instance']);
    const returnUrl = safeReturnUrl(req.query['returnUrl'], instance);
    await show(req, res, instance, returnUrl, req.query, { lang: pickLang(req) });
  });
  router.post('/link/password', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const instance = passwordInstance(deps, body['instance']);
    const returnUrl = safeReturnUrl(body['returnUrl'], instance);
    const credentials = credentialsOf(body);
    const { login } = credentials;
    const lang = pickLang(req);
    const refuse = (refusal: Extract<PasswordCheck, { ok: false }>) => {
      const text = answerRefusal(res, refusal, lang);
      return show(req, res, instance, returnUrl, body, { lang, login, refusal: text });
    };
    // An empty field never reaches the vendor: it cannot be right, and junk must not trip its circuit breaker.
    if (!credentials.login || !credentials.password) return refuse({ ok: false, reason: 'bad_credentials' });
    const limited = await hitPasswordLimits(deps, instance, login, req.ip);
    if (limited) return refuse(limited);
    const check = await instance.adapter.verifyPassword(credentials);
    if (!check.ok) return refuse(check);
    await rotateSession(req, {
      journey: {
        kind: 'link',
        instanceId: instance.id,
        userId: check.userId,
        returnUrl,
        method: 'diary-password',
      },
    });
    res.redirect(303, '/link/notice');
  });
  return router;
}
