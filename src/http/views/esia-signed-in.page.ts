import { html } from './html';
import { layout, type Lang } from './layout';

const TEXT = {
  ru: {
    title: 'Вход выполнен',
    signedIn: 'Вы вошли как',
    unconfirmed:
      'Учётная запись на Госуслугах не подтверждена: для привязки дневника её нужно подтвердить (банк, МФЦ, центр обслуживания).',
  },
  en: {
    title: 'Signed in',
    signedIn: 'You are signed in as',
    unconfirmed:
      'Your Gosuslugi account is not confirmed: confirm it (bank, service centre) to link your diary.',
  },
};

/**
 * The plain page after a successful sign-in (ESIA, or an OIDC provider that brokers it); the journeys build the
 * link and chooser pages on top. The "not confirmed" notice shows only when the provider said so.
 */
export function signedInPage(page: {
  lang: Lang;
  person: { displayName: string; confirmed?: boolean };
}): string {
  const t = TEXT[page.lang];
  return layout({
    lang: page.lang,
    title: t.title,
    body: html`<section class="card">
      <h1>${t.title}</h1>
      <p>${t.signedIn} ${page.person.displayName}</p>
      ${page.person.confirmed !== false ? '' : html`<p class="notice">${t.unconfirmed}</p>`}
    </section>`,
  });
}
