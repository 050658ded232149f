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
