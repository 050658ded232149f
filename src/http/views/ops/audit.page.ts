import type { AdminAuditEntry } from '../../../store/admin-audit.repository';
import type { AuditEntry } from '../../../store/policy-audit.repository';
import { html, type Html } from '../html';
import { opsPage, type Viewer } from './ops-page';
import { actorName, OPERATOR_ROLE_LABELS, whenIn, zoneName } from './ru';
import { settingValue, SETTING_LABELS } from './settings-labels';

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

/** The fields of privileged changes an operator reads, in Russian; the rest are technical settings. */
const ADMIN_FIELDS: Record<string, string> = {
  role: 'Роль',
  tenantIds: 'Регионы',
  regions: 'Регионы',
  displayName: 'Название или имя',
  name: 'Название',
  timeZone: 'Часовой пояс',
  enabled: 'Включён',
  expiresAt: 'Действует до',
  revoked: 'Отозван',
  revokedAt: 'Когда отозван',
  tenantId: 'Регион',
};
/** Shown in place of a technical setting's value (addresses, credential names, adapter settings). */
const TECHNICAL = 'Технические настройки';

const MOSCOW = 'Europe/Moscow';

/** A value of a privileged change in Russian (roles, yes/no, lists, instants). */
function adminValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (!ADMIN_FIELDS[key]) return 'заданы';
  if (key === 'role') return OPERATOR_ROLE_LABELS[value as 'editor' | 'viewer'] ?? '—';
  if (key === 'timeZone') return zoneName(String(value));
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (Array.isArray(value))
    return value.every((v) => typeof v === 'string') ? value.join(', ') || '—' : 'заданы';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return whenIn(value, MOSCOW);
  if (typeof value === 'object' || /^[\x20-\x7e]*[A-Za-z][\x20-\x7e]*$/.test(String(value))) return 'задано';
  return String(value);
}

/** The fields of a bypass window or an exemption an operator reads. */
const OVERRIDE_FIELDS: Record<string, string> = {
  instanceId: 'Где',
  startsAt: 'Начало',
  endsAt: 'Окончание',
  endedAt: 'Завершён',
  expiresAt: 'Действует до',
  revokedAt: 'Отозвано',
};

/** An instant of an audit row in the region's zone («—» for none). */
const instantIn = (v: unknown, tz: string) =>
  typeof v === 'string' || v instanceof Date ? whenIn(v, tz) : '—';

/** Before → after, field by field, only the fields that changed (and only those `shown` lets through). */
function changes(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  label: (key: string) => string,
  value: (key: string, v: unknown) => string,
  show: (key: string) => boolean = () => true,
): Html {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(show);
  const differs = (k: string) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null);
  const shown = new Set<string>();
  // Every changed field once, by its label (several technical settings make one line).
  const changed = keys.filter((k) => differs(k) && !shown.has(label(k)) && shown.add(label(k)));
  if (!changed.length) return html`<p class="muted">без изменений полей</p>`;
  return html`<dl class="changes">
    ${changed.map(
      (k) =>
        html`<div>
          <dt>${label(k)}</dt>
          <dd>
            <span class="was">${before ? value(k, before[k]) : '—'}</span> →
            <span class="now">${after ? value(k, after[k]) : '—'}</span>
          </dd>
        </div>`,
    )}
  </dl>`;
}

/**
 * `/ops/audit`: policy changes (who, when, why, before → after field by field) and privileged changes
 * (operators, tokens, vendor keys, what the configuration files changed), within the operator's regions.
 */
export function auditPage(p: {
  entries: readonly AuditEntry[];
  admin: readonly AdminAuditEntry[];
  filter: Record<string, string>;
  regions: ReadonlyArray<{
    id: string;
    name: string;
    timeZone: string;
    instances: ReadonlyArray<{ id: string; displayName: string }>;
  }>;
  who: Viewer;
}): string {
  const f = p.filter;
  const zoneOf = (id: string) => p.regions.find((r) => r.id === id)?.timeZone ?? MOSCOW;
  const nameOf = (id: string) => p.regions.find((r) => r.id === id)?.name ?? `регион ${id}`;
  const diaryName = (id: unknown) =>
    p.regions.flatMap((r) => r.instances).find((i) => i.id === id)?.displayName ?? 'дневник';
  const entries = p.entries.map((e) => {
    const tz = zoneOf(e.tenantId);
    const after = e.after as Record<string, unknown>;
    const before = e.before as Record<string, unknown> | null;
    const part = 'bypass' in after ? 'bypass' : 'exemption' in after ? 'exemption' : null;
    const what = !part
      ? 'Изменена политика перехода'
      : part === 'bypass'
        ? before
          ? 'Обход при сбое ЕСИА завершён'
          : 'Объявлен обход при сбое ЕСИА'
        : before
          ? 'Исключение отозвано'
          : 'Добавлено исключение';
    const body = part
      ? changes(
          before?.[part] as Record<string, unknown> | null,
          after[part] as Record<string, unknown>,
          (k) => OVERRIDE_FIELDS[k] ?? '',
          (k, v) => (k === 'instanceId' ? (v ? diaryName(v) : 'все дневники') : instantIn(v, tz)),
          (k) => k in OVERRIDE_FIELDS,
        )
      : changes(
          before,
          after,
          (k) => SETTING_LABELS[k as keyof typeof SETTING_LABELS] ?? '',
          settingValue,
          (k) => k in SETTING_LABELS,
        );
    return html`<li class="audit-entry">
      <p class="audit-head">
        <strong>${whenIn(e.changedAt, tz)}</strong> · ${nameOf(e.tenantId)} · ${actorName(e.changedBy)}
      </p>
      <p>${what}. Причина: ${e.reason}</p>
      ${body}
    </li>`;
  });
  const admin = p.admin.map(
    (e) =>
      html`<li class="audit-entry">
        <p class="audit-head">
          <strong>${whenIn(e.at, MOSCOW)}</strong> · ${e.tenantIds.map(nameOf).join(', ') || 'все регионы'} ·
          ${actorName(e.actor)}
        </p>
        <p>${ACTIONS[e.action] ?? 'Изменение прав'}</p>
        ${changes(e.before, e.after, (k) => ADMIN_FIELDS[k] ?? TECHNICAL, adminValue)}
      </li>`,
  );
  const option = (value: string, label: string) =>
    html`<option value="${value}" ${f['tenant'] === value ? html`selected` : ''}>${label}</option>`;
  return opsPage(
    'Журнал изменений',
    html`<form method="get" action="/ops/audit" class="filters">
        <label
          >Регион
          <select name="tenant">
            ${option('', 'все мои регионы')}${p.regions.map((r) => option(r.id, r.name))}
          </select></label
        >
        <label>Кто <input name="by" value="${f['by'] ?? ''}" /></label>
        <label>С <input type="date" name="from" value="${f['from'] ?? ''}" /></label>
        <label>По <input type="date" name="to" value="${f['to'] ?? ''}" /></label>
        <label>Причина или объект содержит <input name="q" value="${f['q'] ?? ''}" /></label>
        <button>Показать</button>
      </form>
      <p class="muted">Время — московское, если у записи нет региона; иначе время региона.</p>
      <h2>Политика перехода</h2>
      ${
        entries.length
          ? html`<ol class="audit">
              ${entries}
            </ol>`
          : html`<p class="muted">Записей нет.</p>`
      }
      <h2 id="admin">Права доступа и ключи</h2>
      ${
        admin.length
          ? html`<ol class="audit">
              ${admin}
            </ol>`
          : html`<p class="muted">Записей нет.</p>`
      }`,
    p.who,
    { section: 'audit' },
  );
}
