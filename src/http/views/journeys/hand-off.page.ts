import type { Lang } from '../layout';
import { onwardPage, type Texts } from './page';

const TEXT: Texts<{ title: string; lead: (d: string) => string; go: (d: string) => string }> = {
  ru: {
    title: 'Вход выполнен',
    lead: (d) => `Вы вошли через портал госуслуг. Сейчас откроется ${d}.`,
    go: (d) => `Перейти в ${d}`,
  },
  en: {
    title: 'Signed in',
    lead: (d) => `You signed in through Gosuslugi. ${d} opens now.`,
    go: (d) => `Go to ${d}`,
  },
};

/**
 * The way on into the diary right after ESIA: a page that goes on by itself (meta refresh) and a link for a
 * browser that does not. Not a redirect: Chromium applies the CSP form-action of the page whose form started a
 * redirect chain (ESIA's «Предоставить») to every redirect of it, so a chain on to the diary would be blocked.
 */
export function handOffPage(p: { lang: Lang; diaryName: string; url: string }): string {
  const t = TEXT[p.lang];
  return onwardPage(p.lang, p.url, { title: t.title, lead: t.lead(p.diaryName), go: t.go(p.diaryName) });
}

const LEAVE: Texts<{ title: string; lead: string; go: string }> = {
  ru: {
    title: 'Выход из системы',
    lead: 'Вы выходите из портала Госуслуг, затем вернётесь в электронный дневник.',
    go: 'Выйти из портала Госуслуг',
  },
  en: {
    title: 'Signing out',
    lead: 'You are signing out of Gosuslugi, then you return to the e-diary.',
    go: 'Sign out of Gosuslugi',
  },
};

/** «Выйти»: on to ESIA's logout, which comes back to the gateway and then to the diary. */
export function leavingPage(p: { lang: Lang; url: string }): string {
  return onwardPage(p.lang, p.url, LEAVE[p.lang]);
}
