import { html } from '../html';
import type { Lang } from '../layout';
import { card, csrfField, type Texts } from './page';

const TEXT: Texts<{
  title: string;
  lead: string;
  login: string;
  password: string;
  organization: string;
  submit: string;
}> = {
  ru: {
    title: 'Вход в электронный дневник',
    lead: 'Чтобы привязать учетную запись портала Госуслуг, сначала войдите под своим логином и паролем от электронного дневника.',
    login: 'Логин',
    password: 'Пароль',
    organization: 'Образовательная организация (если логин выдан школой)',
    submit: 'Войти',
  },
  en: {
    title: 'Sign in to the e-diary',
    lead: 'To link your Gosuslugi account, first sign in with your e-diary login and password.',
    login: 'Login',
    password: 'Password',
    organization: 'School (if the school issued your login)',
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
  organizations: ReadonlyArray<{ id: string; name: string }>;
  refusal?: string;
}): string {
  const t = TEXT[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p class="muted">${p.diaryName}</p>
      <p>${t.lead}</p>
      ${p.refusal ? html`<p class="error" role="alert">${p.refusal}</p>` : ''}
      <form method="post" action="/link/password">
        ${csrfField(p.csrf)}
        <input type="hidden" name="instance" value="${p.instanceId}" />
        <input type="hidden" name="returnUrl" value="${p.returnUrl}" />
        ${
          p.organizations.length
            ? html`<label
                >${t.organization}
                <select name="organizationId">
                  <option value=""></option>
                  ${p.organizations.map((o) => html`<option value="${o.id}">${o.name}</option>`)}
                </select></label
              >`
            : ''
        }
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
