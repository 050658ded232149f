import { Router } from 'express';
import { ValidationError } from '../../core/errors';
import { csrfToken } from '../csrf';
import { pickLang } from '../lang';
import { html } from '../views/html';
import { chooserPage } from '../views/journeys/login.page';
import { layout } from '../views/layout';
import { handOffAndEnd } from './hand-off';
import { personOf, required, type JourneyDeps } from './journey-deps';

const LEAVE = {
  ru: { title: 'Выход из системы', go: 'Выйти из портала Госуслуг' },
  en: { title: 'Signing out', go: 'Sign out of Gosuslugi' },
};

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
      // A page that goes on to ESIA's logout, not a 303: Chromium would hold a redirect to ESIA's origin against
      // this form's CSP form-action, and «Выйти» would do nothing.
      const lang = pickLang(req);
      const url = deps.esiaLogoutUrl(`${deps.publicUrl}/`);
      return res
        .set('Cache-Control', 'no-store')
        .type('html')
        .send(
          layout({
            lang,
            title: LEAVE[lang].title,
            refreshTo: url,
            body: html`<section class="card">
              <h1>${LEAVE[lang].title}</h1>
              <p><a class="button" href="${url}">${LEAVE[lang].go}</a></p>
            </section>`,
          }),
        );
    }
    const { instanceId, choices } = required(req.session.loginChoices);
    const choice = choices[Number(body['choice'])];
    if (!choice || !/^\d+$/.test(String(body['choice']))) throw new ValidationError(['choice']);
    await handOffAndEnd(req, res, instanceId, choice, personOf(req), deps, body['stay'] === '1', 'page');
  });
  return router;
}
