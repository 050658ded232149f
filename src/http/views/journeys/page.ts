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
