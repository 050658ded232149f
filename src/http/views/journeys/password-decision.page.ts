import { formatEsiaDate, parseIsoDate } from '../../../core/local-date';
import type { PasswordDecisionAnswer } from '../../../services/password-decision.use-case';
import { html } from '../html';
import type { Lang } from '../layout';
import { backLink, card, csrfField, type Texts } from './page';

/** The facts of a decision a person is shown: the same the vendor API answers (issue 5, item 3). */
export type DecisionFacts = Pick<
  PasswordDecisionAnswer,
  'cutoverDate' | 'daysLeft' | 'linked' | 'linkUrl' | 'esiaSignInUrl' | 'message'
>;

const TEXT: Texts<{
  closedTitle: string;
  closedSince: (date: string) => string;
  recovery: string;
  esia: string;
  linkedYes: string;
  linkedNo: string;
  howToLink: string;
  link: string;
  warnTitle: string;
  date: string;
  daysLeft: string;
  linkStatus: string;
  yes: string;
  no: string;
  linkAddress: string;
  proceed: string;
  back: string;
}> = {
  ru: {
    closedTitle: 'Вход по паролю закрыт',
    closedSince: (d) => `С ${d} вход в дневник по логину и паролю закрыт: входите через Госуслуги.`,
    recovery: 'Восстановление и смена пароля для вашей учетной записи тоже закрыты.',
    esia: 'Войти через Госуслуги',
    linkedYes: 'Ваша учетная запись дневника уже привязана к учетной записи портала Госуслуг.',
    linkedNo: 'Ваша учетная запись дневника ещё не привязана к учетной записи портала Госуслуг.',
    howToLink:
      'Чтобы привязать её, войдите в дневник и в персональных настройках нажмите «Привязать учетную запись портала Госуслуг»: понадобится подтвержденная учетная запись Госуслуг.',
    link: 'Привязать учетную запись портала Госуслуг',
    warnTitle: 'Переход на вход через Госуслуги',
    date: 'Дата перехода',
    daysLeft: 'Осталось дней',
    linkStatus: 'Учетная запись Госуслуг привязана',
    yes: 'да',
    no: 'нет',
    linkAddress: 'Адрес для привязки',
    proceed: 'Продолжить',
    back: 'Вернуться в дневник',
  },
  en: {
    closedTitle: 'Password sign-in is closed',
    closedSince: (d) =>
      `Since ${d} the diary is no longer entered with a login and password: sign in with Gosuslugi.`,
    recovery: 'Password recovery and change are closed for your account too.',
    esia: 'Sign in with Gosuslugi',
    linkedYes: 'Your diary account is already linked to a Gosuslugi account.',
    linkedNo: 'Your diary account is not linked to a Gosuslugi account yet.',
    howToLink:
      'To link it, sign in to the diary and press «Link the Gosuslugi account» on its personal settings page: you need a confirmed Gosuslugi account.',
    link: 'Link the Gosuslugi account',
    warnTitle: 'Moving to sign-in with Gosuslugi',
    date: 'Date',
    daysLeft: 'Days left',
    linkStatus: 'Gosuslugi account linked',
    yes: 'yes',
    no: 'no',
    linkAddress: 'Where to link',
    proceed: 'Continue',
    back: 'Back to the diary',
  },
};

const dateOf = (iso: string | null) => {
  const parsed = iso ? parseIsoDate(iso) : null;
  return parsed ? formatEsiaDate(parsed) : '';
};

/** What both pages of the password decision are drawn from: the interaction, the diary and the decision. */
interface DecisionPage {
  lang: Lang;
  csrf: string;
  uid: string;
  diaryName: string;
  facts: DecisionFacts;
}

/**
 * «Вход по паролю закрыт»: one sentence (since when, and the way in), «Войти через Госуслуги» (this same
 * interaction goes on through ESIA), and how to link first (in the diary's settings). The vendor's `message`
 * says the same thing again, so it is not repeated here.
 */
export function passwordClosedPage(p: DecisionPage): string {
  const t = TEXT[p.lang];
  const f = p.facts;
  return card(
    p.lang,
    t.closedTitle,
    html`<p class="muted">${p.diaryName}</p>
      <p>${t.closedSince(dateOf(f.cutoverDate))}</p>
      <p class="actions"><a class="button" href="/interaction/${p.uid}/esia">${t.esia}</a></p>
      <p>${f.linked ? t.linkedYes : html`${t.linkedNo} ${t.howToLink}`}</p>
      <p class="muted">${t.recovery}</p>
      <p class="actions">
        ${f.linked ? '' : html`<a class="button secondary" href="${f.linkUrl}">${t.link}</a>`}
        ${backLink(p.lang, p.uid, t.back)}
      </p>`,
    'alert',
  );
}

/**
 * The information window before the date (seed 004): the date, the days left, linked or not and the link
 * address, then «Продолжить» to the diary. The form posts back to the gateway, which hands off.
 */
export function passwordWarningPage(p: DecisionPage): string {
  const t = TEXT[p.lang];
  const f = p.facts;
  return card(
    p.lang,
    t.warnTitle,
    html`<p class="muted">${p.diaryName}</p>
      ${f.message ? html`<p>${f.message[p.lang]}</p>` : ''}
      <dl class="facts">
        <dt>${t.date}</dt>
        <dd>${dateOf(f.cutoverDate)}</dd>
        <dt>${t.daysLeft}</dt>
        <dd>${f.daysLeft ?? ''}</dd>
        <dt>${t.linkStatus}</dt>
        <dd>${f.linked ? t.yes : t.no}</dd>
        ${
          f.linked
            ? ''
            : html`<dt>${t.linkAddress}</dt>
                <dd><a href="${f.linkUrl}">${f.linkUrl}</a></dd>`
        }
      </dl>
      <form method="post" action="/interaction/${p.uid}/password/continue">
        ${csrfField(p.csrf)}
        <p class="actions">
          <button type="submit">${t.proceed}</button>
          ${
            f.linked
              ? html`<a class="button secondary" href="/interaction/${p.uid}/esia">${t.esia}</a>`
              : html`<a class="button secondary" href="${f.linkUrl}">${t.link}</a>`
          }
        </p>
      </form>`,
  );
}
