import type { RegionStatus } from '../../../services/ops.service';
import type { ReadinessDay } from '../../../services/readiness';
import { html } from '../html';
import { count, dayFigures, share } from './figures';
import { opsPage, dataTable, type Viewer } from './ops-page';
import { readinessCharts } from './readiness-chart';
import { dateRu } from './ru';

/** `/ops/regions/:id/readiness`: today's figures, the charts, the table by day and the CSV, per region or diary. */
export function readinessPage(p: {
  region: RegionStatus;
  instanceId: string | null;
  days: readonly ReadinessDay[];
  who: Viewer;
}): string {
  const base = `/ops/regions/${p.region.id}/readiness`;
  const q = p.instanceId ? `?instance=${encodeURIComponent(p.instanceId)}` : '';
  const diary = p.region.instances.find((i) => i.id === p.instanceId);
  const rows = [...p.days].reverse().map(
    (d) =>
      html`<tr>
        <th scope="row">${dateRu(d.day)}</th>
        <td>${count(d.esiaSignIns)}</td>
        <td>${count(d.passwordLogins)}</td>
        <td>${share(d.esiaShare)}</td>
        <td>${count(d.refusals)}</td>
        <td>${count(d.wouldDeny)}</td>
        <td>${count(d.warned)}</td>
        <td>${count(d.links)}</td>
        <td>${count(d.unlinks)}</td>
        <td>${count(d.accessRequests)}</td>
        <td>${count(d.activeLinks)}</td>
        <td>${share(d.activeUsersLinkedShare)}</td>
      </tr>`,
  );
  const heads = [
    'День',
    'Входы через Госуслуги',
    'Входы по паролю',
    'Доля Госуслуг',
    'Отказы',
    'Отказы по правилам (с теневым режимом)',
    'Предупреждения',
    'Привязки',
    'Отвязки',
    'Обращения',
    'Активные привязки',
    'Доля активных пользователей с привязкой (за 30 дней)',
  ];
  return opsPage(
    `Готовность: ${p.region.name}${diary ? `, ${diary.displayName}` : ''}`,
    html`<p class="choices-line">
        <a href="${base}" ${p.instanceId ? '' : html`aria-current="page"`}>Весь регион</a>
        ${p.region.instances.map(
          (i) =>
            html`<a href="${base}?instance=${i.id}" ${i.id === p.instanceId ? html`aria-current="page"` : ''}
              >${i.displayName}</a
            >`,
        )}
      </p>
      ${
        p.days.length
          ? html`<h2>Сегодня</h2>
              ${dayFigures(p.days[p.days.length - 1]!)}`
          : ''
      }
      <h2>По дням</h2>
      ${readinessCharts(p.days)}
      <p class="muted">
        «Отказы» — входы по паролю, закрытые правилами перехода, и привязки, отклонённые шлюзом; «доля
        Госуслуг» — доля входов через Госуслуги среди всех входов за день; «доля активных пользователей с
        привязкой» — активные привязки дневников, сообщающих число своих активных пользователей за 30 дней, к
        этому числу (привязки тех, кто не входил за 30 дней, тоже считаются); «дневник не сообщает» (в таблице
        «—») — ни один дневник региона его не сообщает. Списки пользователей дневники шлюзу не передают.
      </p>
      <p><a class="button-link" href="${base}.csv${q}">Скачать таблицу (CSV)</a></p>
      ${dataTable('Готовность по дням', heads, rows, 'numbers')}`,
    p.who,
    { section: 'overview' },
  );
}
