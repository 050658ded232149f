import { formatEsiaDate, parseIsoDate } from '../../../core/local-date';
import { html } from '../html';
import type { Lang } from '../layout';
import { cascadeSelectors, type CascadeLevel } from './organization-cascade';
import { card, type Texts } from './page';
import { diaryPasswordForm } from './diary-password-form';
import { refusalNotice } from './refusal-notice';

const TEXT: Texts<{
  title: string;
  login: string;
  password: string;
  submit: string;
  forgot: string;
  or: string;
  esia: string;
}> = {
  ru: {
    title: 'Вход по логину и паролю',
    login: 'Логин',
    password: 'Пароль',
    submit: 'Войти',
    forgot: 'Забыли пароль?',
    or: 'или',
    esia: 'Войти через Госуслуги',
  },
  en: {
    title: 'Sign in with login and password',
    login: 'Login',
    password: 'Password',
    submit: 'Sign in',
    forgot: 'Forgot your password?',
    or: 'or',
    esia: 'Sign in with Gosuslugi',
  },
};

/** Where the gateway's own pages of one diary instance are (the ESIA sign-in and the recovery page). */
export const instancePath = (path: string, instanceId: string): string =>
  `${path}?instance=${encodeURIComponent(instanceId)}`;

/**
 * `/login/password`: the diary's password form hosted by the gateway, for vendors that cannot ask the decision
 * API themselves; the organization cascade above it when the vendor's logins are unique only within a school.
 */
export function loginPasswordPage(p: {
  lang: Lang;
  csrf: string;
  instanceId: string;
  returnUrl: string;
  diaryName: string;
  cascade: readonly CascadeLevel[];
  login?: string;
  refusal?: string;
  /** The request id, shown with a refusal as the support reference. */
  reference?: string;
}): string {
  const t = TEXT[p.lang];
  const keep = { instance: p.instanceId, returnUrl: p.returnUrl };
  return card(
    p.lang,
    t.title,
    html`<p class="muted">${p.diaryName}</p>
      ${refusalNotice(p.lang, p.refusal, p.reference)}
      ${cascadeSelectors(p.lang, '/login/password', p.cascade, keep)}
      ${diaryPasswordForm({
        lang: p.lang,
        action: '/login/password',
        csrf: p.csrf,
        instanceId: p.instanceId,
        returnUrl: p.returnUrl,
        cascade: p.cascade,
        ...(p.login === undefined ? {} : { login: p.login }),
        labels: { login: t.login, password: t.password, submit: t.submit },
      })}
      <p><a href="${instancePath('/login/password/reset', p.instanceId)}">${t.forgot}</a></p>
      <p class="muted">${t.or}</p>
      <p><a class="button secondary" href="${instancePath('/login/esia', p.instanceId)}">${t.esia}</a></p>`,
  );
}

const RECOVERY: Texts<{
  title: string;
  closed: (date: string, age: number) => string;
  younger: (age: number) => string;
  open: string;
  diary: string;
  esia: string;
}> = {
  ru: {
    title: 'Восстановление пароля',
    closed: (d, age) =>
      `С ${d} восстановление и смена пароля закрыты для пользователей ${age} лет и старше: вход в дневник — только через Госуслуги.`,
    younger: (age) =>
      `Если вам меньше ${age} лет, восстановить пароль можно на сайте электронного дневника или у администратора вашей образовательной организации.`,
    open: 'Восстановить пароль можно на сайте электронного дневника или у администратора вашей образовательной организации.',
    diary: 'Перейти на сайт дневника',
    esia: 'Войти через Госуслуги',
  },
  en: {
    title: 'Password recovery',
    closed: (d, age) =>
      `Since ${d} password recovery and change are closed to users aged ${age} and over: the diary is entered through Gosuslugi only.`,
    younger: (age) =>
      `If you are under ${age}, recover your password on the diary's site or with your school's administrator.`,
    open: "Recover your password on the diary's site or with your school's administrator.",
    diary: "Go to the diary's site",
    esia: 'Sign in with Gosuslugi',
  },
};

/** «Забыли пароль?»: closed (and pointing to ESIA) when the policy refuses password use, else the vendor's own. */
export function passwordRecoveryPage(p: {
  lang: Lang;
  instanceId: string;
  diaryName: string;
  diaryUrl: string;
  closed: boolean;
  cutoverDate: string | null;
  minimumAge: number;
}): string {
  const t = RECOVERY[p.lang];
  const parsed = p.cutoverDate ? parseIsoDate(p.cutoverDate) : null;
  const esia = html`<a class="button" href="${instancePath('/login/esia', p.instanceId)}">${t.esia}</a>`;
  const diary = html`<a class="button secondary" href="${p.diaryUrl}">${t.diary}</a>`;
  return card(
    p.lang,
    t.title,
    p.closed && parsed
      ? html`<p class="muted">${p.diaryName}</p>
          <p>${t.closed(formatEsiaDate(parsed), p.minimumAge)}</p>
          <p>${esia}</p>
          <p>${t.younger(p.minimumAge)}</p>
          <p>${diary}</p>`
      : html`<p class="muted">${p.diaryName}</p>
          <p>${t.open}</p>
          <p>${diary}</p>
          <p>${esia}</p>`,
  );
}
