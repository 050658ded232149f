import { html } from '../html';
import type { Lang } from '../layout';
import { backLink, card, type Texts } from './page';

const TEXT: Texts<Record<'link' | 'unlink', { title: string; lead: string; next: string }> & { go: string }> =
  {
    ru: {
      link: {
        title: 'Привязка учетной записи портала Госуслуг',
        lead: 'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг. После входа портал Госуслуг попросит предоставить права доступа — нажмите «Предоставить».',
        next: 'Затем вы вернётесь сюда, чтобы подтвердить привязку.',
      },
      unlink: {
        title: 'Отвязка учетной записи портала Госуслуг',
        lead: 'Чтобы отвязать учетную запись, подтвердите, что она ваша: сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг.',
        next: 'Подтверждение действует 5 минут.',
      },
      go: 'Продолжить',
    },
    en: {
      link: {
        title: 'Linking your Gosuslugi account',
        lead: 'You will now be taken to the Gosuslugi sign-in page. After signing in, Gosuslugi asks you to grant access: press "Allow".',
        next: 'Then you come back here to confirm the link.',
      },
      unlink: {
        title: 'Unlinking your Gosuslugi account',
        lead: 'To unlink, confirm that the account is yours: you will now be taken to the Gosuslugi sign-in page.',
        next: 'The confirmation is valid for 5 minutes.',
      },
      go: 'Continue',
    },
  };

/**
 * «Сейчас вы будете перенаправлены…» with «Продолжить» as a plain GET link (the CSP's form-action would stop a
 * form POST that redirects on to ESIA) and «Вернуться в дневник», which ends the interaction.
 */
export function linkNoticePage(p: {
  lang: Lang;
  action: 'link' | 'unlink';
  diaryName: string;
  uid: string;
}): string {
  const t = TEXT[p.lang];
  const a = t[p.action];
  return card(
    p.lang,
    a.title,
    html`<p class="muted">${p.diaryName}</p>
      <p>${a.lead}</p>
      <p>${a.next}</p>
      <p class="actions">
        <a class="button" href="/auth/esia/start?purpose=link">${t.go}</a>
        ${backLink(p.lang, p.uid)}
      </p>`,
  );
}
