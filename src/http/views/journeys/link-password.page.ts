import { html } from '../html';
import type { Lang } from '../layout';
import { cascadeOrganizationField, cascadeSelectors, type CascadeLevel } from './organization-cascade';
import { card, csrfField, type Texts } from './page';
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
      <form method="post" action="/link/password">
        ${csrfField(p.csrf)}
        <input type="hidden" name="instance" value="${p.instanceId}" />
        <input type="hidden" name="returnUrl" value="${p.returnUrl}" />
        ${cascadeOrganizationField(p.lang, p.cascade)}
        <label
          >${t.login} <input name="login" autocomplete="username" required value="${p.login ?? ''}"
        /></label>
        <label
          >${t.password} <input name="password" type="password" autocomplete="current-password" required
        /></label>
        <p class="actions"><button type="submit">${t.submit}</button></p>
      </form>`,
  );
}
