import { html, type Html } from '../html';
import type { Lang } from '../layout';
import { cascadeOrganizationField, type CascadeLevel } from './organization-cascade';
import { csrfField } from './page';

/**
 * The diary login and password form of the interaction's password step (`/interaction/:uid/password`), for
 * a sign-in (flow C) and for proving the account before a link: the same fields and school choice.
 */
export function diaryPasswordForm(p: {
  lang: Lang;
  action: string;
  csrf: string;
  cascade: readonly CascadeLevel[];
  login?: string;
  labels: { login: string; password: string; submit: string };
  after?: Html;
}): Html {
  return html`<form method="post" action="${p.action}">
    ${csrfField(p.csrf)} ${cascadeOrganizationField(p.lang, p.cascade)}
    <label
      >${p.labels.login} <input name="login" autocomplete="username" required value="${p.login ?? ''}"
    /></label>
    <label
      >${p.labels.password} <input name="password" type="password" autocomplete="current-password" required
    /></label>
    <p class="actions"><button type="submit">${p.labels.submit}</button>${p.after ?? ''}</p>
  </form>`;
}
