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
 * «Вернуться в дневник» (or «Отмена»): a form of its own that ends the interaction, so the diary hears that
 * the person went back. Its button may sit in another form's row through `form="back"`.
 */
export function backForm(p: { lang: Lang; uid: string; csrf: string }): Html {
  return html`<form id="back" method="post" action="/interaction/${p.uid}/abort">
    ${csrfField(p.csrf)}
  </form>`;
}

/** The button of `backForm`, placed wherever the page's actions are. */
export function backButton(lang: Lang, label?: string): Html {
  return html`<button type="submit" form="back" class="secondary">${label ?? BACK[lang]}</button>`;
}
