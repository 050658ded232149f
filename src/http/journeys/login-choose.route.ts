import { Router } from 'express';
import { ValidationError } from '../../core/errors';
import { csrfToken } from '../csrf';
import { pickLang } from '../lang';
import { chooserPage } from '../views/journeys/login.page';
import { handOffAndEnd } from './hand-off';
import { personOf, required, type JourneyDeps } from './journey-deps';

/**
 * `GET|POST /login/choose`: «Вход в систему». «Войти» hands the chosen organization and role over;
 * «Выйти» ends the gateway session and ESIA's; «Остаться в системе» remembers the choice (see hand-off.ts).
 */
export function loginChooseRoute(deps: JourneyDeps): Router {
  const router = Router();
  router.get('/login/choose', (req, res) => {
    const { choices } = required(req.session.loginChoices);
    res.set('Cache-Control', 'no-store');
    res.type('html').send(chooserPage({ lang: pickLang(req), csrf: csrfToken(req), choices }));
  });
  router.post('/login/choose', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (body['action'] === 'leave') {
      await new Promise<void>((resolve, reject) =>
        req.session.destroy((err) => (err ? reject(err) : resolve())),
      );
      return res.redirect(303, deps.esiaLogoutUrl(`${deps.publicUrl}/`));
    }
    const { instanceId, choices } = required(req.session.loginChoices);
    const choice = choices[Number(body['choice'])];
    if (!choice || !/^\d+$/.test(String(body['choice']))) throw new ValidationError(['choice']);
    await handOffAndEnd(req, res, instanceId, choice, personOf(req), deps, body['stay'] === '1');
  });
  return router;
}
