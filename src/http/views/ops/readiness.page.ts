import type { RegionStatus } from '../../../services/ops.service';
import type { ReadinessDay } from '../../../services/readiness';
import { html } from '../html';
import { opsPage } from './ops-page';
import { readinessChart } from './readiness-chart';
import { dayFigures } from './figures';

/** `/ops/regions/:id/readiness`: the chart, the table, and the CSV export, per region or instance. */
export function readinessPage(p: {
  region: RegionStatus;
  instanceId: string | null;
  days: readonly ReadinessDay[];
  who: string;
}): string {
  const base = `/ops/regions/${p.region.id}/readiness`;
  const q = p.instanceId ? `?instance=${encodeURIComponent(p.instanceId)}` : '';
  const rows = p.days.map(
    (d) =>
      html`<tr>
        <td>${d.day}</td>
        <td>${d.activeLinks}</td>
        <td>${d.esiaSignIns}</td>
        <td>${d.passwordLogins}</td>
        <td>${d.esiaShare === null ? '—' : `${Math.round(d.esiaShare * 100)} %`}</td>
        <td>${d.wouldDeny}</td>
        <td>${d.warned}</td>
      </tr>`,
  );
  return opsPage(
    `Готовность: ${p.region.id} — ${p.region.name}${p.instanceId ? ` / ${p.instanceId}` : ''}`,
    html`<p>
        Дней до перехода: ${p.region.daysLeft ?? '—'}. Дневники:
        <a href="${base}">весь регион</a
        >${p.region.instances.map((i) => html` · <a href="${base}?instance=${i.id}">${i.displayName}</a>`)}
      </p>
      ${
        p.days.length
          ? html`<h2>Сегодня</h2>
              ${dayFigures(p.days[p.days.length - 1]!)}`
          : ''
      }
      ${readinessChart(p.days)}
      <p class="muted">
        «Отказы» — входы по паролю, отклонённые или учтённые в теневом режиме; «доля Госуслуг» — доля входов
        через Госуслуги среди всех входов за день. Число людей 14+ без привязки шлюзу неизвестно: дневники не
        передают списки пользователей.
      </p>
      <p><a href="${base}.csv${q}">Скачать CSV</a></p>
      <table>
        <thead>
          <tr>
            <th>День</th>
            <th>Привязок</th>
            <th>Входов через Госуслуги</th>
            <th>Входов по паролю</th>
            <th>Доля Госуслуг</th>
            <th>Отказов</th>
            <th>Предупреждений</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>`,
    p.who,
  );
}
