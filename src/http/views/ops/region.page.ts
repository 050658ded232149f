import { ROLES, RUSSIAN_TIME_ZONES } from '../../../core/policy';
import type { RegionStatus } from '../../../services/ops.service';
import type { PolicySettings } from '../../../core/policy-settings';
import type { StoredBypass, StoredExemption } from '../../../store/policy-overrides.repository';
import { html, type Html } from '../html';
import { csrfInput, modeName, opsPage, when } from './ops-page';

const option = (value: string, label: string, selected: boolean) =>
  html`<option value="${value}" ${selected ? html`selected` : ''}>${label}</option>`;

/** The policy fields, filled with `s`: shared by the editor and the confirmation (as hidden fields). */
export function policyFields(s: PolicySettings): Html {
  return html`<label
      >Режим
      <select name="mode">
        ${['off', 'announce', 'shadow', 'enforce'].map((m) => option(m, modeName(m), s.mode === m))}
      </select></label
    >
    <label
      >Часовой пояс региона
      <select name="timeZone">
        ${[...new Set([s.timeZone, ...RUSSIAN_TIME_ZONES])].map((z) => option(z, z, z === s.timeZone))}
      </select></label
    >
    <label>Дата оповещения <input type="date" name="announceDate" value="${s.announceDate ?? ''}" /></label>
    <label
      >Дата перехода (вход по паролю закрывается в полночь по местному времени)
      <input type="date" name="cutoverDate" value="${s.cutoverDate ?? ''}"
    /></label>
    <label
      >Дней предупреждения <input type="number" name="warnDays" min="0" max="366" value="${s.warnDays}"
    /></label>
    <label
      >Минимальный возраст <input type="number" name="minimumAge" min="0" max="18" value="${s.minimumAge}"
    /></label>
    <label
      >Роли (через запятую: ${ROLES.join(', ')}) <input name="roles" value="${s.roles.join(',')}"
    /></label>
    <label
      >Дата рождения неизвестна
      <select name="unknownBirthDateRule">
        ${option('deny', 'отказывать (ученикам)', s.unknownBirthDateRule === 'deny')}${option('allow', 'пускать', s.unknownBirthDateRule === 'allow')}
      </select></label
    >`;
}

/** `/ops/regions/:id`: status, the policy editor (step one: preview), bypass windows and exemptions. */
export function regionPage(p: {
  region: RegionStatus;
  settings: PolicySettings;
  bypasses: readonly StoredBypass[];
  exemptions: readonly StoredExemption[];
  csrf: string;
  who: string;
  editor: boolean;
}): string {
  const r = p.region;
  const tz = r.timeZone;
  const base = `/ops/regions/${r.id}`;
  const bypassRows = p.bypasses.map(
    (b) =>
      html`<tr>
        <td>${when(b.startsAt, tz)} — ${when(b.endedAt ?? b.endsAt, tz)}</td>
        <td>${b.reason}</td>
        <td>${b.createdBy}</td>
        <td>
          ${!b.endedAt && p.editor ? html`<form method="post" action="${base}/bypasses/${b.id}/end">${csrfInput(p.csrf)}<input name="reason" required placeholder="Причина" /><button>Завершить</button></form>` : b.endedAt ? 'завершено' : ''}
        </td>
      </tr>`,
  );
  const exemptionRows = p.exemptions.map(
    (e) =>
      html`<tr>
        <td>${e.instanceId}</td>
        <td>${e.legacyUserId}</td>
        <td>${e.reason}</td>
        <td>${when(e.expiresAt, tz)}</td>
        <td>
          ${!e.revokedAt && p.editor ? html`<form method="post" action="${base}/exemptions/${e.id}/revoke">${csrfInput(p.csrf)}<input name="reason" required placeholder="Причина" /><button>Отозвать</button></form>` : e.revokedAt ? 'отозвано' : ''}
        </td>
      </tr>`,
  );
  const editor = p.editor
    ? html`<h2>Изменить политику</h2>
        <form method="post" action="${base}/policy/preview" class="stack">
          ${csrfInput(p.csrf)}${policyFields(p.settings)} <button>Предпросмотр</button>
        </form>
        <h2>Объявить обход (сбой ЕСИА)</h2>
        <form method="post" action="${base}/bypasses" class="stack">
          ${csrfInput(p.csrf)}
          <label
            >Окончание (UTC, ГГГГ-ММ-ДДTЧЧ:ММ) <input type="datetime-local" name="endsAt" required
          /></label>
          <label>Причина <input name="reason" required /></label><button>Объявить</button>
        </form>
        <h2>Добавить исключение</h2>
        <form method="post" action="${base}/exemptions" class="stack">
          ${csrfInput(p.csrf)}
          <label
            >Дневник
            <select name="instanceId">
              ${r.instances.map((i) => option(i.id, i.displayName, false))}
            </select></label
          >
          <label>Идентификатор пользователя в дневнике <input name="userId" required /></label>
          <label>Действует до (UTC, необязательно) <input type="datetime-local" name="expiresAt" /></label>
          <label>Причина <input name="reason" required /></label><button>Добавить</button>
        </form>`
    : html`<p class="muted">Роль «наблюдатель»: изменения недоступны.</p>`;
  return opsPage(
    `${r.id} — ${r.name}`,
    html`<p>
        Режим: <strong>${modeName(r.mode)}</strong>; дата перехода: ${r.cutoverDate ?? '—'}; дней до перехода:
        ${r.daysLeft ?? '—'}; пояс ${tz}; версия ${r.version ?? '—'}.
      </p>
      <p>
        <a href="${base}/readiness">Готовность</a> · <a href="/ops/audit?tenant=${r.id}">Журнал изменений</a>
      </p>
      ${editor}
      <h2>Окна обхода</h2>
      <table>
        <tbody>
          ${bypassRows}
        </tbody>
      </table>
      <h2>Исключения</h2>
      <table>
        <tbody>
          ${exemptionRows}
        </tbody>
      </table>`,
    p.who,
  );
}
