import type { OperatorRole } from '../../../store/entities/operator.entity';
import { html, type Html } from '../html';
import { MODE_LABELS, OPERATOR_ROLE_LABELS, when as whenIn } from './ru';

/** Who is at the console, as its header names them: a name, a role and the regions (no technical ids). */
export interface Viewer {
  readonly name: string;
  readonly role: OperatorRole;
  readonly tenantIds: readonly string[];
}

/** What the frame adds around a page. */
export interface FrameOptions {
  /** Reloads the page every so many seconds while it is open (/static/console-refresh.js, with a switch). */
  readonly refreshSeconds?: number;
  /** A confirmation after a change («Изменения сохранены …»), shown once at the top. */
  readonly notice?: string | null;
  /** The navigation entry of this page. */
  readonly section?: 'overview' | 'audit' | 'persons';
}

/**
 * The console's own frame (not the users' pages): «Консоль оператора», its stylesheet /static/console.css, a
 * navigation line, the operator's name, role and regions; Russian; no script and no inline style (strict CSP).
 */
export function opsPage(title: string, body: Html, who?: Viewer, options: FrameOptions = {}): string {
  const nav = (href: string, label: string, key: FrameOptions['section']) =>
    html`<a href="${href}" ${options.section === key ? html`aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${options.refreshSeconds ? html`<script src="/static/console-refresh.js" defer></script>` : ''}
        <title>${title} — Консоль оператора</title>
        <link rel="icon" href="/favicon.ico" />
        <link rel="stylesheet" href="/static/base.css" />
        <link rel="stylesheet" href="/static/console.css" />
      </head>
      <body class="console" ${options.refreshSeconds ? html`data-refresh="${options.refreshSeconds}"` : ''}>
        <header class="console-top">
          <a class="console-brand" href="/ops">Консоль оператора</a>
          ${
            who
              ? html`<nav class="console-nav" aria-label="Разделы консоли">
                    ${nav('/ops', 'Обзор регионов', 'overview')}
                    ${nav('/ops/audit', 'Журнал изменений', 'audit')}
                    ${nav('/ops/persons', 'Сведения о человеке', 'persons')}
                  </nav>
                  <p class="console-who">
                    <span class="console-name">${who.name}</span>
                    <span>${OPERATOR_ROLE_LABELS[who.role]}</span>
                    <span
                      >${who.tenantIds.length === 1 ? 'регион' : 'регионы'} ${who.tenantIds.join(', ')}</span
                    >
                  </p>`
              : ''
          }
        </header>
        <main class="console-main">
          ${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
          <h1>${title}</h1>
          ${
            options.refreshSeconds
              ? html`<p class="refresh">
                  <label
                    ><input type="checkbox" id="auto-refresh" checked /> Обновлять каждую
                    ${options.refreshSeconds === 60 ? 'минуту' : `${options.refreshSeconds} с`}</label
                  >
                </p>`
              : ''
          }
          ${body}
        </main>
      </body>
    </html> `.value;
}

/** The hidden CSRF field every console form carries. */
export const csrfInput = (token: string) => html`<input type="hidden" name="_csrf" value="${token}" />`;

/** A mode in the operators' words. */
export const modeName = (mode: string) =>
  MODE_LABELS[mode as keyof typeof MODE_LABELS] ?? 'неизвестный режим';

/** An instant in the region's zone, as the console shows it (DD.MM.YYYY, ЧЧ:ММ). */
export function when(at: Date | string | null, timeZone = 'Europe/Moscow'): string {
  return whenIn(at, timeZone);
}

/** A table that scrolls inside its own box on a narrow screen instead of widening the page. */
export const tableBox = (label: string, table: Html) =>
  html`<div class="table-box" role="region" aria-label="${label}" tabindex="0">${table}</div>`;

/** A table of the console in its box: a header row of `heads` (columns), then `rows` (each a `<tr>`). */
export const dataTable = (
  label: string,
  heads: readonly string[],
  rows: readonly Html[],
  className?: string,
) =>
  tableBox(
    label,
    html`<table${className ? html` class="${className}"` : ''}>
      <thead>
        <tr>
          ${heads.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`,
  );
