import { html } from '../html';
import type { Lang } from '../layout';
import { backLink, card, csrfField, type Texts } from './page';

const TEXT: Texts<{
  title: string;
  lead: string;
  esia: string;
  diary: string;
  confirm: string;
  cancel: string;
}> = {
  ru: {
    title: 'Подтвердите привязку',
    lead: 'После привязки вы сможете входить в электронный дневник через портал Госуслуг.',
    esia: 'Учетная запись портала Госуслуг',
    diary: 'Учетная запись электронного дневника',
    confirm: 'Привязать',
    cancel: 'Отмена',
  },
  en: {
    title: 'Confirm the link',
    lead: 'Once linked, you sign in to the e-diary through Gosuslugi.',
    esia: 'Gosuslugi account',
    diary: 'E-diary account',
    confirm: 'Link',
    cancel: 'Cancel',
  },
};

/** The last step before the diary gets its code and the link is held for it: a POST with the CSRF token. */
export function linkConfirmPage(p: {
  lang: Lang;
  csrf: string;
  uid: string;
  personName: string;
  diaryName: string;
  accountName: string;
}): string {
  const t = TEXT[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p>${t.lead}</p>
      <dl class="facts">
        <dt>${t.esia}</dt>
        <dd>${p.personName}</dd>
        <dt>${t.diary}</dt>
        <dd>${p.accountName} (${p.diaryName})</dd>
      </dl>
      <form method="post" action="/interaction/${p.uid}/confirm">
        ${csrfField(p.csrf)}
        <p class="actions">
          <button type="submit">${t.confirm}</button>
          ${backLink(p.lang, p.uid, t.cancel)}
        </p>
      </form>`,
  );
}

const UNLINK: Texts<{
  title: string;
  lead: string;
  confirm: string;
  cancel: string;
}> = {
  ru: {
    title: 'Отвязать учетную запись портала Госуслуг?',
    lead: 'После отвязки входить в дневник через Госуслуги будет нельзя, пока вы не привяжете учетную запись снова.',
    confirm: 'Отвязать',
    cancel: 'Отмена',
  },
  en: {
    title: 'Unlink the Gosuslugi account?',
    lead: 'After unlinking you cannot sign in to the diary through Gosuslugi until you link again.',
    confirm: 'Unlink',
    cancel: 'Cancel',
  },
};

/** The unlink confirmation (POST with CSRF). */
export function unlinkConfirmPage(p: { lang: Lang; csrf: string; uid: string; diaryName: string }): string {
  const t = UNLINK[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p class="muted">${p.diaryName}</p>
      <p>${t.lead}</p>
      <form method="post" action="/interaction/${p.uid}/unlink">
        ${csrfField(p.csrf)}
        <p class="actions">
          <button type="submit">${t.confirm}</button>
          ${backLink(p.lang, p.uid, t.cancel)}
        </p>
      </form>`,
  );
}
