import { html, type SafeHtml } from './html';

/** What went wrong on the last press, as an alert; nothing when nothing did. */
export const alertLine = (text: string | undefined): SafeHtml | '' =>
  text ? html`<p class="alert" role="alert">${text}</p>` : '';

/** A one-button form posting the session's CSRF token: the link and unlink buttons of every diary. */
export function postButton(
  action: string,
  csrf: string,
  button: { className: string; label: string },
): SafeHtml {
  return html`<form method="post" action="${action}">
    <input type="hidden" name="csrf" value="${csrf}" />
    <button type="submit" class="${button.className}">${button.label}</button>
  </form>`;
}

/** The «Портал госуслуг» card of a diary's settings: the last press's error, then the diary's own state and button. */
export function gosuslugiCard(error: string | undefined, content: SafeHtml): SafeHtml {
  return html`<section class="card">
    <h2>Портал госуслуг</h2>
    ${alertLine(error)} ${content}
  </section>`;
}

/** An account's fields as a definition list, in the order given. */
export const fieldList = (fields: ReadonlyArray<readonly [term: string, value: string]>): SafeHtml =>
  html`<dl>
    ${fields.map(
      ([term, value]) =>
        html`<dt>${term}</dt>
          <dd>${value}</dd>`,
    )}
  </dl>`;
