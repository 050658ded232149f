import { Router } from 'express';
import { html } from './views/html';
import { layout } from './views/layout';
import { pickLang } from './lang';

const TEXT = {
  ru: {
    title: 'Вход через Госуслуги',
    lead: 'Этот сервис связывает вашу учётную запись электронного дневника с учётной записью портала Госуслуг, чтобы входить в дневник через Госуслуги.',
    how: 'Откройте свой электронный дневник и нажмите «Войти через Госуслуги». Если дневник попросит привязать учетную запись, сделайте это в его настройках: «Привязать учетную запись портала Госуслуг».',
  },
  en: {
    title: 'Sign in with Gosuslugi',
    lead: 'This service links your school e-diary account to your Gosuslugi account, so that you sign in to the diary through Gosuslugi.',
    how: 'Open your e-diary and press "Sign in with Gosuslugi". If the diary asks you to link your account, do it in its settings: "Link the Gosuslugi portal account".',
  },
};

/** The landing page a person reaches by typing the gateway's address. */
export function homeRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const lang = pickLang(req);
    const t = TEXT[lang];
    res.type('html').send(
      layout({
        lang,
        title: t.title,
        body: html`<section class="card">
          <h1>${t.title}</h1>
          <p>${t.lead}</p>
          <p>${t.how}</p>
        </section>`,
      }),
    );
  });
  return router;
}
