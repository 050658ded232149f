import { formatEsiaDate, parseIsoDate } from '../../../core/local-date';
import { html } from '../html';
import type { Lang } from '../layout';
import { cascadeSelectors, type CascadeLevel } from './organization-cascade';
import { backLink, card, type Texts } from './page';
import { diaryPasswordForm } from './diary-password-form';
import { refusalNotice } from './refusal-notice';

type Purpose = 'sign-in' | 'link';

const TEXT: Texts<
  Record<Purpose, { title: string; lead: string | null }> & {
    login: string;
    password: string;
    submit: string;
    forgot: string;
    or: string;
    esia: string;
  }
> = {
  ru: {
    'sign-in': { title: 'Вход по логину и паролю', lead: null },
    link: {
      title: 'Вход в электронный дневник',
      lead: 'Чтобы привязать учетную запись портала Госуслуг, сначала войдите под своим логином и паролем от электронного дневника.',
    },
    login: 'Логин',
    password: 'Пароль',
    submit: 'Войти',
    forgot: 'Забыли пароль?',
    or: 'или',
    esia: 'Войти через Госуслуги',
  },
  en: {
    'sign-in': { title: 'Sign in with login and password', lead: null },
    link: {
      title: 'Sign in to the e-diary',
      lead: 'To link your Gosuslugi account, first sign in with your e-diary login and password.',
    },
    login: 'Login',
    password: 'Password',
    submit: 'Sign in',
    forgot: 'Forgot your password?',
    or: 'or',
    esia: 'Sign in with Gosuslugi',
  },
};

/**
 * The diary's password form hosted by the gateway: a sign-in for vendors that cannot ask the decision API
 * themselves (flow C), or the proof of the diary account before a link. The organization cascade comes
 * above it when the vendor's logins are unique only within a school.
 */
export function diaryPasswordPage(p: {
  lang: Lang;
  csrf: string;
  uid: string;
  purpose: Purpose;
  diaryName: string;
  cascade: readonly CascadeLevel[];
  login?: string;
  refusal?: string;
  /** The request id, shown with a refusal as the support reference. */
  reference?: string;
}): string {
  const t = TEXT[p.lang];
  const action = `/interaction/${p.uid}/password`;
  return card(
    p.lang,
    t[p.purpose].title,
    html`<p class="muted">${p.diaryName}</p>
      ${t[p.purpose].lead ? html`<p>${t[p.purpose].lead}</p>` : ''}
      ${refusalNotice(p.lang, p.refusal, p.reference)} ${cascadeSelectors(p.lang, action, p.cascade, {})}
      ${diaryPasswordForm({
        lang: p.lang,
        action,
        csrf: p.csrf,
        cascade: p.cascade,
        ...(p.login === undefined ? {} : { login: p.login }),
        labels: { login: t.login, password: t.password, submit: t.submit },
        after: backLink(p.lang, p.uid),
      })}
      ${
        p.purpose === 'sign-in'
          ? html`<p><a href="${action}/reset">${t.forgot}</a></p>
              <p class="muted">${t.or}</p>
              <p><a class="button secondary" href="/interaction/${p.uid}/esia">${t.esia}</a></p>`
          : ''
      }`,
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
  uid: string;
  diaryName: string;
  diaryUrl: string;
  closed: boolean;
  cutoverDate: string | null;
  minimumAge: number;
}): string {
  const t = RECOVERY[p.lang];
  const parsed = p.cutoverDate ? parseIsoDate(p.cutoverDate) : null;
  const esia = html`<a class="button" href="/interaction/${p.uid}/esia">${t.esia}</a>`;
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
