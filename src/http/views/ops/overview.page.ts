import { STAGES, type Stage } from '../../../services/cutover-stage';
import type { DependencyHealth } from '../../../services/dependency-health';
import type { RegionOverview } from '../../../services/ops.service';
import { html, type Html } from '../html';
import { count, figureList, share } from './figures';
import { opsPage, type Viewer } from './ops-page';
import { countdown, dateRu, plural, whenIn, zoneName } from './ru';

const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  announce: 'Оповещение',
  window: 'Информационное окно',
  shadow: 'Теневой режим',
  enforce: 'Вход по паролю закрыт',
};

const HEALTH_LABELS: Readonly<Record<DependencyHealth['state'], string>> = {
  up: 'работает',
  degraded: 'с перебоями',
  down: 'не отвечает',
  // Not an outage: the server answers, without routes the adapter calls. A person must fix the configuration.
  misconfigured: 'ошибка настройки',
  unknown: 'нет сведений',
};

const CALLS = ['вызова', 'вызовов', 'вызовов'] as const;

/** The stages on a line, the region's current one marked, each with the date it starts on. */
export function timeline(o: RegionOverview): Html {
  const s = o.settings;
  const from: Record<Stage, string | null> = {
    announce: s.announceDate,
    window: o.stage.windowFrom,
    shadow: s.mode === 'shadow' ? s.cutoverDate : null,
    enforce: s.mode === 'enforce' ? s.cutoverDate : null,
  };
  const at = o.stage.stage ? STAGES.indexOf(o.stage.stage) : -1;
  return html`<ol class="timeline" aria-label="Этапы перехода">
    ${STAGES.map((stage, i) => {
      const state = i < at ? 'done' : i === at ? 'current' : 'next';
      return html`<li class="stage stage-${state}" ${i === at ? html`aria-current="step"` : ''}>
        <span class="stage-name">${STAGE_LABELS[stage]}</span>
        <span class="stage-date">${from[stage] ? `с ${dateRu(from[stage])}` : '—'}</span>
      </li>`;
    })}
  </ol>`;
}

/** The health of ESIA and of `diaries` as a short list («работает», «не отвечает», «ошибка настройки»). */
export function healthList(items: readonly DependencyHealth[]): Html {
  return html`<ul class="health">
    ${items.map(
      (h) =>
        html`<li class="health-${h.state}">
          <span class="health-name">${h.name}</span>
          <span class="health-state">${HEALTH_LABELS[h.state]}</span>
          ${
            h.missingRoutes
              ? html`<span class="health-detail"
                  >сервер дневника не знает ${plural(h.missingRoutes.missing, CALLS)} шлюза из
                  ${h.missingRoutes.of}: проверьте адрес дневника в настройках</span
                >`
              : ''
          }
        </li>`,
    )}
  </ul>`;
}

/** What is bypassed now: the ESIA-outage windows in force and the exemptions. */
export function bypassSummary(o: RegionOverview): Html {
  const tz = o.region.timeZone;
  const windows = o.activeBypasses.length
    ? o.activeBypasses.map(
        (b) => html`<li class="alert-line">Обход из-за сбоя ЕСИА до ${whenIn(b.endsAt, tz)}</li>`,
      )
    : html`<li>Обходов нет</li>`;
  return html`<ul class="plain">
    ${windows}
    <li>
      ${o.activeExemptions ? `Исключения: ${plural(o.activeExemptions, ['человек', 'человека', 'человек'])}` : 'Исключений нет'}
    </li>
  </ul>`;
}

/** One region's card on the overview. */
function regionCard(o: RegionOverview, health: readonly DependencyHealth[]): Html {
  const r = o.region;
  const cutover = o.settings.cutoverDate;
  return html`<article class="region-card" aria-labelledby="region-${r.id}">
    <h2 id="region-${r.id}"><a href="/ops/regions/${r.id}">${r.name}</a></h2>
    <p class="region-when">
      ${
        cutover
          ? html`Дата перехода <strong>${dateRu(cutover)}</strong>,
              <strong>${countdown(o.stage.daysToCutover)}</strong>`
          : 'Дата перехода не назначена'
      }
      <span class="muted">· время ${zoneName(r.timeZone)}</span>
    </p>
    ${timeline(o)}
    ${figureList(
      [
        ['Доля Госуслуг сегодня', share(o.today.esiaShare)],
        ['Отказы за последний час', count(o.refusalsLastHour)],
        ['Открытые обращения', count(o.openAccessRequests)],
        ['Входы через Госуслуги сегодня', count(o.today.esiaSignIns)],
      ],
      'figures figures-compact',
    )}
    <div class="region-state">
      <section aria-label="Доступность">
        <h3>Доступность</h3>
        ${healthList(health.filter((h) => h.tenantId === null || h.tenantId === r.id))}
      </section>
      <section aria-label="Обходы и исключения">
        <h3>Обходы и исключения</h3>
        ${bypassSummary(o)}
      </section>
    </div>
  </article>`;
}

/** `/ops`: every region the operator may see, on one screen, refreshed every minute. */
export function overviewPage(p: {
  regions: readonly RegionOverview[];
  health: readonly DependencyHealth[];
  who: Viewer;
  notice?: string | null;
}): string {
  const body = p.regions.length
    ? html`<div class="region-grid">${p.regions.map((o) => regionCard(o, p.health))}</div>`
    : html`<p>Вам не назначен ни один регион. Обратитесь к администратору консоли.</p>`;
  return opsPage('Обзор регионов', body, p.who, {
    refreshSeconds: 60,
    notice: p.notice ?? null,
    section: 'overview',
  });
}
