import { ROLES, RUSSIAN_TIME_ZONES } from '../../../core/policy';
import type { DependencyHealth } from '../../../services/dependency-health';
import type { RegionOverview } from '../../../services/ops.service';
import type { PolicySettings } from '../../../core/policy-settings';
import type { ReadinessDay } from '../../../services/readiness';
import type { StoredBypass, StoredExemption } from '../../../store/policy-overrides.repository';
import { html, type Html } from '../html';
import { count, dayFigures, figureList } from './figures';
import { csrfInput, opsPage, dataTable, type Viewer } from './ops-page';
import { bypassSummary, healthList, timeline } from './overview.page';
import { readinessCharts } from './readiness-chart';
import {
  actorName,
  countdown,
  dateRu,
  MODE_LABELS,
  plural,
  ROLE_LABELS,
  RULE_LABELS,
  whenIn,
  zoneName,
} from './ru';

const option = (value: string, label: string, selected: boolean) =>
  html`<option value="${value}" ${selected ? html`selected` : ''}>${label}</option>`;

/** The policy fields, filled with `s`: roles are chosen from a list, every mode and rule has a Russian label. */
export function policyFields(s: PolicySettings): Html {
  return html`<label
      >Режим
      <select name="mode">
        ${(['off', 'announce', 'shadow', 'enforce'] as const).map((m) => option(m, MODE_LABELS[m], s.mode === m))}
      </select></label
    >
    <label
      >Часовой пояс региона
      <select name="timeZone">
        ${[...new Set([s.timeZone, ...RUSSIAN_TIME_ZONES])].map((z) => option(z, zoneName(z), z === s.timeZone))}
      </select></label
    >
    <label>Дата оповещения <input type="date" name="announceDate" value="${s.announceDate ?? ''}" /></label>
    <label
      >Дата перехода (вход по паролю закрывается в полночь по времени региона)
      <input type="date" name="cutoverDate" value="${s.cutoverDate ?? ''}"
    /></label>
    <label
      >Дней информационного окна до перехода
      <input type="number" name="warnDays" min="0" max="366" value="${s.warnDays}"
    /></label>
    <label
      >С какого возраста закрывается вход по паролю
      <input type="number" name="minimumAge" min="0" max="18" value="${s.minimumAge}"
    /></label>
    <fieldset class="choices">
      <legend>Кого касается переход</legend>
      ${ROLES.map(
        (r) =>
          html`<label class="choice"
            ><input type="checkbox" name="roles" value="${r}" ${s.roles.includes(r) ? html`checked` : ''} />
            ${ROLE_LABELS[r]}</label
          >`,
      )}
    </fieldset>
    <label
      >Если дата рождения неизвестна
      <select name="unknownBirthDateRule">
        ${(['deny', 'allow'] as const).map((r) => option(r, RULE_LABELS[r], s.unknownBirthDateRule === r))}
      </select></label
    >`;
}

/** `/ops/regions/:id`: the region on cutover day, in detail; refreshes itself every minute. */
export function regionPage(p: {
  overview: RegionOverview;
  days: readonly ReadinessDay[];
  health: readonly DependencyHealth[];
  csrf: string;
  who: Viewer;
  editor: boolean;
  notice?: string | null;
}): string {
  const o = p.overview;
  const r = o.region;
  const base = `/ops/regions/${r.id}`;
  const cutover = o.settings.cutoverDate;
  const outage = p.editor
    ? html`<form method="post" action="${base}/bypass/confirm" class="outage">
        ${csrfInput(p.csrf)}
        <p>
          Если Госуслуги не работают, вход по паролю можно временно открыть всем пользователям региона.
          Сначала откроется страница подтверждения с причиной.
        </p>
        <button class="danger">Объявить обход при сбое ЕСИА</button>
      </form>`
    : html`<p class="muted">Объявить обход может оператор с ролью «редактор».</p>`;
  return opsPage(
    r.name,
    html`<p class="region-when">
        ${
          cutover
            ? html`Дата перехода <strong>${dateRu(cutover)}</strong>,
                <strong>${countdown(o.stage.daysToCutover)}</strong>`
            : 'Дата перехода не назначена'
        }
        · режим «${MODE_LABELS[o.settings.mode]}» · время ${zoneName(r.timeZone)}
      </p>
      ${timeline(o)}
      <div class="region-columns">
        <section aria-labelledby="today">
          <h2 id="today">Сегодня</h2>
          ${dayFigures(o.today)}
          ${figureList(
            [
              ['Отказы за последний час', count(o.refusalsLastHour)],
              ['Открытые обращения', count(o.openAccessRequests)],
            ],
            'figures figures-compact',
          )}
        </section>
        <section aria-labelledby="state">
          <h2 id="state">Доступность</h2>
          ${healthList(p.health.filter((h) => h.tenantId === null || h.tenantId === r.id))}
          <h2>Обходы и исключения</h2>
          ${bypassSummary(o)} ${outage}
        </section>
      </div>
      <h2>За 30 дней</h2>
      ${readinessCharts(p.days)}
      <p class="actions">
        <a class="button-link" href="${base}/readiness">Таблица по дням и выгрузка</a>
        <a class="button-link" href="${base}/settings">Настройки перехода, обходы и исключения</a>
        <a class="button-link" href="/ops/audit?tenant=${r.id}">Журнал изменений региона</a>
      </p>`,
    p.who,
    { refreshSeconds: 60, notice: p.notice ?? null, section: 'overview' },
  );
}

/** `/ops/regions/:id/settings`: the policy editor (step one: preview), bypass windows, exemptions. No refresh. */
export function settingsPage(p: {
  overview: RegionOverview;
  bypasses: readonly StoredBypass[];
  exemptions: readonly StoredExemption[];
  instances: ReadonlyArray<{ id: string; displayName: string }>;
  csrf: string;
  who: Viewer;
  editor: boolean;
  notice?: string | null;
}): string {
  const r = p.overview.region;
  const tz = r.timeZone;
  const base = `/ops/regions/${r.id}`;
  const diary = (id: string | null) =>
    id === null ? 'все дневники региона' : (p.instances.find((i) => i.id === id)?.displayName ?? 'дневник');
  const endForm = (action: string, label: string) =>
    html`<form method="post" action="${action}" class="inline">
      ${csrfInput(p.csrf)}<label>Причина <input name="reason" required /></label><button>${label}</button>
    </form>`;
  const bypassRows = p.bypasses.map(
    (b) =>
      html`<tr>
        <td>${whenIn(b.startsAt, tz)} — ${whenIn(b.endedAt ?? b.endsAt, tz)}</td>
        <td>${diary(b.instanceId)}</td>
        <td>${b.reason}</td>
        <td>${actorName(b.createdBy)}</td>
        <td>
          ${b.endedAt ? 'завершён' : p.editor ? endForm(`${base}/bypasses/${b.id}/end`, 'Завершить') : 'действует'}
        </td>
      </tr>`,
  );
  const exemptionRows = p.exemptions.map(
    (e) =>
      html`<tr>
        <td>${diary(e.instanceId)}</td>
        <td>${e.legacyUserId}</td>
        <td>${e.reason}</td>
        <td>${e.expiresAt ? whenIn(e.expiresAt, tz) : 'бессрочно'}</td>
        <td>
          ${e.revokedAt ? 'отозвано' : p.editor ? endForm(`${base}/exemptions/${e.id}/revoke`, 'Отозвать') : 'действует'}
        </td>
      </tr>`,
  );
  const table = (label: string, head: string[], rows: Html[], empty: string) =>
    rows.length ? dataTable(label, head, rows) : html`<p class="muted">${empty}</p>`;
  const forms = p.editor
    ? html`<section aria-labelledby="policy">
          <h2 id="policy">Политика перехода</h2>
          <form method="post" action="${base}/policy/preview" class="stack">
            ${csrfInput(p.csrf)}${policyFields(p.overview.settings)}
            <button>Проверить изменение</button>
          </form>
        </section>
        <section aria-labelledby="exemption">
          <h2 id="exemption">Добавить исключение</h2>
          <form method="post" action="${base}/exemptions" class="stack">
            ${csrfInput(p.csrf)}
            <label
              >Дневник
              <select name="instanceId">
                ${p.instances.map((i) => option(i.id, i.displayName, false))}
              </select></label
            >
            <label>Номер пользователя в дневнике <input name="userId" required /></label>
            <label
              >Действует до (время ${zoneName(tz)}, необязательно)
              <input type="datetime-local" name="expiresAt"
            /></label>
            <label>Причина <input name="reason" required /></label>
            <button>Добавить исключение</button>
          </form>
        </section>`
    : html`<p class="muted">Роль «наблюдатель»: изменения недоступны.</p>`;
  return opsPage(
    `${r.name}: настройки перехода`,
    html`<p><a href="${base}">← К состоянию региона</a></p>
      <div class="region-columns">${forms}</div>
      <h2>Обходы при сбое ЕСИА</h2>
      ${table('Обходы', ['Когда', 'Где', 'Причина', 'Кто объявил', 'Состояние'], bypassRows, 'Обходов не было.')}
      <h2>Исключения</h2>
      ${table(
        'Исключения',
        ['Дневник', 'Пользователь', 'Причина', 'До', 'Состояние'],
        exemptionRows,
        'Исключений нет.',
      )}`,
    p.who,
    { notice: p.notice ?? null, section: 'overview' },
  );
}

/** The confirmation of an ESIA-outage bypass: what it does, until when, and a required reason. */
export function bypassConfirmPage(p: {
  overview: RegionOverview;
  csrf: string;
  who: Viewer;
  now: Date;
}): string {
  const r = p.overview.region;
  const hours = [1, 2, 4, 8, 24];
  return opsPage(
    'Подтвердите обход при сбое ЕСИА',
    html`<div class="warning-box">
        <p>
          Пока обход действует, вход по паролю открыт всем пользователям региона «${r.name}», даже после даты
          перехода. Обход начнётся сразу после подтверждения (${whenIn(p.now, r.timeZone)}) и закончится сам.
        </p>
      </div>
      <form method="post" action="/ops/regions/${r.id}/bypasses" class="stack">
        ${csrfInput(p.csrf)}
        <label
          >На сколько
          <select name="hours">
            ${hours.map((h) => option(String(h), plural(h, ['час', 'часа', 'часов']), h === 2))}
          </select></label
        >
        <label
          >Причина (обязательно: что случилось, номер обращения в поддержку ЕСИА)
          <textarea name="reason" required rows="3"></textarea>
        </label>
        <div class="actions">
          <button class="danger">Подтвердить обход</button>
          <a class="button-link" href="/ops/regions/${r.id}">Отмена</a>
        </div>
      </form>`,
    p.who,
    { section: 'overview' },
  );
}
