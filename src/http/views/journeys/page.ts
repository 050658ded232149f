import { html, type Html } from '../html';
import { layout, type Lang } from '../layout';

/** Text of a page in both languages. */
export type Texts<T> = Record<Lang, T>;

/** A journey page: one card, a heading and the body. */
export function card(lang: Lang, title: string, body: Html, role?: 'alert'): string {
  return layout({
    lang,
    title,
    body: html`<section class="card" ${role ? html`role="alert"` : ''}>
      <h1>${title}</h1>
      ${body}
    </section>`,
  });
}

/**
 * A page that goes on to `url` by itself (meta refresh), with a link for a browser that does not: one card,
 * its heading, a lead and the button. Not a redirect: Chromium applies the CSP form-action of the page whose
 * form started a redirect chain (ESIA's «Предоставить», a diary's form) to every redirect of it.
 */
export function onwardPage(lang: Lang, url: string, t: { title: string; lead: string; go: string }): string {
  return layout({
    lang,
    title: t.title,
    refreshTo: url,
    body: html`<section class="card">
      <h1>${t.title}</h1>
      <p>${t.lead}</p>
      <p><a class="button" href="${url}">${t.go}</a></p>
    </section>`,
  });
}

/** The hidden CSRF field every state-changing form carries. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

const BACK: Texts<string> = { ru: 'Вернуться в дневник', en: 'Back to the diary' };

/**
 * «Вернуться в дневник» (or «Отмена»): ends the interaction, and the diary hears `access_denied` with its own
 * state. A link, not a form: only the browser that holds the interaction's cookie and its unguessable id can
 * end it, and a GET chain to the diary is free of the CSP form-action.
 */
export function backLink(lang: Lang, uid: string, label?: string): Html {
  return html`<a class="button secondary" href="/interaction/${uid}/back">${label ?? BACK[lang]}</a>`;
}
