import type { AdminAuditEntry } from '../../../store/admin-audit.repository';
import type { AuditEntry } from '../../../store/policy-audit.repository';
import { html } from '../html';
import { opsPage, when } from './ops-page';

const ACTIONS: Record<string, string> = {
  'operator.granted': 'Оператор назначен или изменён',
  'operator.revoked': 'Оператор отключён',
  'operator-token.issued': 'Выпущен токен API операторов',
  'operator-token.revoked': 'Отозван токен API операторов',
  'vendor-key.issued': 'Выпущен ключ дневника',
  'vendor-key.revoked': 'Отозван ключ дневника',
  'region.created': 'Регион добавлен из файла настроек',
  'region.changed': 'Регион изменён файлом настроек',
  'instance.created': 'Дневник добавлен из файла настроек',
  'instance.changed': 'Дневник изменён файлом настроек',
  'person.exported': 'Выгружены сведения о человеке',
  'person.erased': 'Удалены данные человека',
};

const state = (s: Record<string, unknown> | null) => (s ? JSON.stringify(s) : '—');

/**
 * `/ops/audit`: policy changes (who, when, why, before and after) and privileged changes (operators, tokens,
 * vendor keys, what the configuration files changed), both within the operator's regions and filterable by
 * region, author, dates and text.
 */
export function auditPage(p: {
  entries: readonly AuditEntry[];
  admin: readonly AdminAuditEntry[];
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
  const adminRows = p.admin.map(
    (e) =>
      html`<tr>
        <td>${when(e.at)}</td>
        <td>${e.tenantIds.join(', ') || '—'}</td>
        <td>${e.actor}</td>
        <td>${ACTIONS[e.action] ?? e.action}</td>
        <td>${e.target}</td>
        <td><code>${state(e.before)}</code></td>
        <td><code>${state(e.after)}</code></td>
      </tr>`,
  );
  return opsPage(
    'Журнал изменений',
    html`<form method="get" action="/ops/audit" class="filters">
        <label>Регион <input name="tenant" value="${f['tenant'] ?? ''}" size="3" /></label>
        <label>Кто <input name="by" value="${f['by'] ?? ''}" /></label>
        <label>С <input type="date" name="from" value="${f['from'] ?? ''}" /></label>
        <label>По <input type="date" name="to" value="${f['to'] ?? ''}" /></label>
        <label>Причина или объект содержит <input name="q" value="${f['q'] ?? ''}" /></label>
        <button>Показать</button>
      </form>
      <h2>Политика перехода</h2>
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
      </table>
      <h2 id="admin">Права доступа и ключи</h2>
      <table>
        <thead>
          <tr>
            <th>Когда</th>
            <th>Регионы</th>
            <th>Кто</th>
            <th>Что сделано</th>
            <th>Объект</th>
            <th>Было</th>
            <th>Стало</th>
          </tr>
        </thead>
        <tbody>
          ${
            adminRows.length
              ? adminRows
              : html`<tr>
                  <td colspan="7">Записей нет.</td>
                </tr>`
          }
        </tbody>
      </table>`,
    p.who,
  );
}
