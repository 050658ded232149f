import { Router } from 'express';
import { ValidationError } from '../../core/errors';
import { snilsLinkChange } from '../../services/esia-login.use-case';
import { csrfToken } from '../csrf';
import { allowFormsInto } from '../form-targets';
import { esiaProof, signInOf } from '../interaction/sign-in-outcome';
import { pickLang } from '../lang';
import { chooserPage } from '../views/journeys/login.page';
import { ofInteraction, personOf, required, type JourneyDeps } from './journey-deps';

/**
 * `GET|POST /interaction/:uid/choose`: «Вход в систему». «Войти» ends the interaction with the chosen account,
 * organization and role for the diary; «Остаться в системе» keeps the provider's session beyond the browser
 * (the next «Войти через Госуслуги» of this diary goes straight in); «Выйти» is on /interaction/:uid/leave.
 */
export function loginChooseRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/interaction/:uid/choose', (req, res) => {
    const { choices, instanceId, interaction } = ofInteraction(
      required(req.session.loginChoices),
      req.params['uid']!,
    );
    res.set('Cache-Control', 'no-store');
    allowFormsInto(res, deps.interactions.originsOf(instanceId));
    res
      .type('html')
      .send(chooserPage({ lang: pickLang(req), csrf: csrfToken(req), uid: interaction, choices }));
  });
  router.post('/interaction/:uid/choose', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const { instanceId, interaction, choices } = ofInteraction(
      required(req.session.loginChoices),
      req.params['uid']!,
    );
    const choice = /^\d+$/.test(String(body['choice'])) ? choices[Number(body['choice'])] : undefined;
    if (!choice) throw new ValidationError(['choice']);
    const person = personOf(req);
    const pending = await snilsLinkChange(instanceId, choice, { ...person, person: {} }, deps);
    await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
    await deps.interactions.finish(req, res, interaction, {
      signIn: signInOf(instanceId, choice, person.oid),
      proof: esiaProof(person, body['stay'] === '1'),
      ...(pending ? { pending } : {}),
    });
    deps.activity('sign_in_esia', instanceId);
  });
  return router;
}
