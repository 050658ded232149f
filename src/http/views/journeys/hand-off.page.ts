import { html } from '../html';
import { layout, type Lang } from '../layout';
import type { Texts } from './page';

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
 * The way into the diary after an ESIA sign-in or the chooser: a page that goes on by itself (meta refresh) and
 * a link for a browser that does not. Not a 303: Chromium applies the CSP form-action of the page whose form
 * started a redirect chain (ESIA's «Предоставить», our chooser) to every redirect of it, so a redirect on to the
 * diary's origin would be blocked there.
 */
export function handOffPage(p: { lang: Lang; diaryName: string; url: string }): string {
  const t = TEXT[p.lang];
  return layout({
    lang: p.lang,
    title: t.title,
    refreshTo: p.url,
    body: html`<section class="card">
      <h1>${t.title}</h1>
      <p>${t.lead(p.diaryName)}</p>
      <p><a class="button" href="${p.url}">${t.go(p.diaryName)}</a></p>
    </section>`,
  });
}
