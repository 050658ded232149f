import { html } from '../html';
import type { Lang } from '../layout';
import { cascadeSelectors, type CascadeLevel } from './organization-cascade';
import { card, type Texts } from './page';
import { diaryPasswordForm } from './diary-password-form';
import { refusalNotice } from './refusal-notice';

const TEXT: Texts<{
  title: string;
  lead: string;
  login: string;
  password: string;
  submit: string;
}> = {
  ru: {
    title: 'Вход в электронный дневник',
    lead: 'Чтобы привязать учетную запись портала Госуслуг, сначала войдите под своим логином и паролем от электронного дневника.',
    login: 'Логин',
    password: 'Пароль',
    submit: 'Войти',
  },
  en: {
    title: 'Sign in to the e-diary',
    lead: 'To link your Gosuslugi account, first sign in with your e-diary login and password.',
    login: 'Login',
    password: 'Password',
    submit: 'Sign in',
  },
};

/** The diary password form at the gateway (vendors with passwordLogin); `refusal` is shown above it. */
export function linkPasswordPage(p: {
  lang: Lang;
  csrf: string;
  instanceId: string;
  returnUrl: string;
  diaryName: string;
  login?: string;
  /** The organization cascade, for vendors whose logins are unique only within a school. */
  cascade: readonly CascadeLevel[];
  refusal?: string;
  /** The request id, shown with a refusal as the support reference. */
  reference?: string;
}): string {
  const t = TEXT[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p class="muted">${p.diaryName}</p>
      <p>${t.lead}</p>
      ${refusalNotice(p.lang, p.refusal, p.reference)}
      ${cascadeSelectors(p.lang, '/link/password', p.cascade, {
        instance: p.instanceId,
        returnUrl: p.returnUrl,
      })}
      ${diaryPasswordForm({
        lang: p.lang,
        action: '/link/password',
        csrf: p.csrf,
        instanceId: p.instanceId,
        returnUrl: p.returnUrl,
        cascade: p.cascade,
        ...(p.login === undefined ? {} : { login: p.login }),
        labels: { login: t.login, password: t.password, submit: t.submit },
      })}`,
  );
}
