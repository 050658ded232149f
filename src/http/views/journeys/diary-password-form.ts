import { html, type Html } from '../html';
import type { Lang } from '../layout';
import { cascadeOrganizationField, type CascadeLevel } from './organization-cascade';
import { csrfField } from './page';

/**
 * The diary login and password form both gateway password pages post (linking at `/link/password`, sign-in
 * at `/login/password`): the same fields, hidden values and school choice, so a change reaches both.
 */
export function diaryPasswordForm(p: {
  lang: Lang;
  action: '/link/password' | '/login/password';
  csrf: string;
  instanceId: string;
  returnUrl: string;
  cascade: readonly CascadeLevel[];
  login?: string;
  labels: { login: string; password: string; submit: string };
}): Html {
  return html`<form method="post" action="${p.action}">
    ${csrfField(p.csrf)}
    <input type="hidden" name="instance" value="${p.instanceId}" />
    <input type="hidden" name="returnUrl" value="${p.returnUrl}" />
    ${cascadeOrganizationField(p.lang, p.cascade)}
    <label
      >${p.labels.login} <input name="login" autocomplete="username" required value="${p.login ?? ''}"
    /></label>
    <label
      >${p.labels.password} <input name="password" type="password" autocomplete="current-password" required
    /></label>
    <p class="actions"><button type="submit">${p.labels.submit}</button></p>
  </form>`;
}
