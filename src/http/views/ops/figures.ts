import type { ReadinessDay } from '../../../services/readiness';
import { html, type Html } from '../html';

const percent = new Intl.NumberFormat('ru-RU', { style: 'percent', maximumFractionDigits: 0 });

/** A share (0..1) as the console writes it («25 %»); «—» on a day without sign-ins. */
export const share = (value: number | null) => (value === null ? '—' : percent.format(value));

/** A number with Russian digit grouping («12 345»). */
export const count = (value: number) => new Intl.NumberFormat('ru-RU').format(value);

/**
 * The share of the diaries' active users (30 days) that are linked, with its base («28 % из 18 432»), or
 * «дневник не сообщает» when no diary of the region reports its active users.
 */
export function activeUsersShare(d: ReadinessDay): string {
  if (d.activeUsers === null) return 'дневник не сообщает';
  return `${share(d.activeUsersLinkedShare)} из ${count(d.activeUsers)}`;
}

/** One day's figures as label → value pairs (`<dl>`): what an operator reads first on cutover morning. */
export function dayFigures(d: ReadinessDay, className = 'figures'): Html {
  const items: Array<FigureItem> = [
    ['Входы через Госуслуги', count(d.esiaSignIns)],
    ['Входы по паролю', count(d.passwordLogins)],
    ['Доля Госуслуг', share(d.esiaShare)],
    ['Отказы', count(d.refusals)],
    ['Предупреждения', count(d.warned)],
    ['Привязки', count(d.links)],
    ['Отвязки', count(d.unlinks)],
    ['Обращения в организацию', count(d.accessRequests)],
    ['Активные привязки', count(d.activeLinks)],
    // A sentence, not a figure, when no diary reports: set as text, or the figure's large type breaks it mid-word.
    [
      'Доля активных пользователей с привязкой',
      activeUsersShare(d),
      d.activeUsers === null ? 'text' : 'figure',
    ],
  ];
  return figureList(items, className);
}

/** A label, its value, and whether the value is a figure (large type, the default) or a few words of text. */
export type FigureItem = readonly [label: string, value: string, kind?: 'figure' | 'text'];

/** Figures as label → value pairs (`<dl>`), each pair in its own box. */
export function figureList(items: ReadonlyArray<FigureItem>, className = 'figures'): Html {
  return html`<dl class="${className}">
    ${items.map(
      ([label, value, kind]) =>
        html`<div>
          <dt>${label}</dt>
          ${kind === 'text' ? html`<dd class="figure-text">${value}</dd>` : html`<dd>${value}</dd>`}
        </div>`,
    )}
  </dl>`;
}
