import { html, type Html } from '../html';
import { layout } from '../layout';

/** The console's frame: Russian, a navigation line, no script and no inline style (strict CSP). */
export function opsPage(title: string, body: Html, who?: string): string {
  return layout({
    lang: 'ru',
    title,
    body: html`<nav class="ops-nav">
        <a href="/ops">Регионы</a> · <a href="/ops/audit">Журнал изменений</a> ·
        <a href="/ops/persons">Сведения о человеке</a>
        ${who ? html` · <span class="muted">${who}</span>` : ''}
      </nav>
      <section class="card">
        <h1>${title}</h1>
        ${body}
      </section>`,
  });
}

/** The hidden CSRF field every console form carries. */
export const csrfInput = (token: string) => html`<input type="hidden" name="_csrf" value="${token}" />`;

const MODES: Record<string, string> = {
  off: 'выключено',
  announce: 'оповещение',
  shadow: 'теневой режим',
  enforce: 'вход по паролю закрыт',
};

/** A mode in the operators' words. */
export const modeName = (mode: string) => MODES[mode] ?? mode;

/** An instant in the region's zone, as the console shows it. */
export function when(at: Date | string | null, timeZone = 'Europe/Moscow'): string {
  if (!at) return '—';
  return new Intl.DateTimeFormat('ru-RU', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(at),
  );
}
