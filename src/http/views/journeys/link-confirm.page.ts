import { html } from '../html';
import type { Lang } from '../layout';
import { card, csrfField, type Texts } from './page';

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

/** The last step before the link is written: a POST with the CSRF token. */
export function linkConfirmPage(p: {
  lang: Lang;
  csrf: string;
  personName: string;
  diaryName: string;
  accountName: string;
  returnUrl: string;
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
      <form method="post" action="/link/confirm">
        ${csrfField(p.csrf)}
        <p class="actions">
          <button type="submit">${t.confirm}</button>
          <a class="button secondary" href="${p.returnUrl}">${t.cancel}</a>
        </p>
      </form>`,
  );
}

const DONE: Texts<{ title: (d: string) => string; go: (d: string) => string }> = {
  ru: {
    title: (d) => `Отлично! Теперь Вы можете входить в ${d} через портал госуслуг`,
    go: (d) => `Перейти в ${d}`,
  },
  en: {
    title: (d) => `Done! You can now sign in to ${d} through Gosuslugi`,
    go: (d) => `Go to ${d}`,
  },
};

/** «Отлично! Теперь Вы можете входить в … через портал госуслуг» and the way back to the diary. */
export function linkDonePage(p: { lang: Lang; diaryName: string; returnUrl: string }): string {
  const t = DONE[p.lang];
  return card(
    p.lang,
    t.title(p.diaryName),
    html`<p><a class="button" href="${p.returnUrl}">${t.go(p.diaryName)}</a></p>`,
  );
}

const UNLINK: Texts<{
  title: string;
  lead: string;
  confirm: string;
  cancel: string;
  done: string;
  back: string;
}> = {
  ru: {
    title: 'Отвязать учетную запись портала Госуслуг?',
    lead: 'После отвязки входить в дневник через Госуслуги будет нельзя, пока вы не привяжете учетную запись снова.',
    confirm: 'Отвязать',
    cancel: 'Отмена',
    done: 'Учетная запись портала Госуслуг отвязана',
    back: 'Вернуться в дневник',
  },
  en: {
    title: 'Unlink the Gosuslugi account?',
    lead: 'After unlinking you cannot sign in to the diary through Gosuslugi until you link again.',
    confirm: 'Unlink',
    cancel: 'Cancel',
    done: 'The Gosuslugi account is unlinked',
    back: 'Back to the diary',
  },
};

/** The unlink confirmation (POST with CSRF). */
export function unlinkConfirmPage(p: {
  lang: Lang;
  csrf: string;
  diaryName: string;
  returnUrl: string;
}): string {
  const t = UNLINK[p.lang];
  return card(
    p.lang,
    t.title,
    html`<p class="muted">${p.diaryName}</p>
      <p>${t.lead}</p>
      <form method="post" action="/unlink/confirm">
        ${csrfField(p.csrf)}
        <p class="actions">
          <button type="submit">${t.confirm}</button>
          <a class="button secondary" href="${p.returnUrl}">${t.cancel}</a>
        </p>
      </form>`,
  );
}

/** After an unlink. */
export function unlinkDonePage(p: { lang: Lang; returnUrl: string }): string {
  const t = UNLINK[p.lang];
  return card(p.lang, t.done, html`<p><a class="button" href="${p.returnUrl}">${t.back}</a></p>`);
}
