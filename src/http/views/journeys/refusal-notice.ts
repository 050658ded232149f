import { html, type Html } from '../html';
import type { Lang } from '../layout';

/**
 * A refusal shown on a form (wrong password, too many attempts…) with the support reference every refusal
 * carries, so that a person who calls the school can be found in the logs.
 */
export function refusalNotice(
  lang: Lang,
  text: string | undefined,
  reference: string | undefined,
): Html | '' {
  if (!text) return '';
  const label = lang === 'ru' ? 'Код обращения в поддержку' : 'Support reference';
  return html`<p class="error" role="alert">${text}</p>
    ${reference ? html`<p class="reference">${label}: <code>${reference}</code></p>` : ''}`;
}
