import type { AuditEntry } from '../../../store/policy-audit.repository';
import { html } from '../html';
import { opsPage, when } from './ops-page';

/** `/ops/audit`: who, when, why, before and after; filterable by region, author, dates and text. */
export function auditPage(p: {
  entries: readonly AuditEntry[];
  filter: Record<string, string>;
  who: string;
}): string {
  const f = p.filter;
  const rows = p.entries.map(
    (e) =>
      html`<tr>
        <td>${when(e.changedAt)}</td>
        <td>${e.tenantId}${e.instanceId ? ` / ${e.instanceId}` : ''}</td>
        <td>${e.changedBy}</td>
        <td>${e.reason}</td>
        <td><code>${e.before ? JSON.stringify(e.before) : '—'}</code></td>
        <td><code>${JSON.stringify(e.after)}</code></td>
      </tr>`,
  );
  return opsPage(
    'Журнал изменений',
    html`<form method="get" action="/ops/audit" class="filters">
        <label>Регион <input name="tenant" value="${f['tenant'] ?? ''}" size="3" /></label>
        <label>Кто <input name="by" value="${f['by'] ?? ''}" /></label>
        <label>С <input type="date" name="from" value="${f['from'] ?? ''}" /></label>
        <label>По <input type="date" name="to" value="${f['to'] ?? ''}" /></label>
        <label>Причина содержит <input name="q" value="${f['q'] ?? ''}" /></label>
        <button>Показать</button>
      </form>
      <table>
        <thead>
          <tr>
            <th>Когда</th>
            <th>Где</th>
            <th>Кто</th>
            <th>Почему</th>
            <th>Было</th>
            <th>Стало</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>`,
    p.who,
  );
}
