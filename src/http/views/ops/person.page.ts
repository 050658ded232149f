import type { RegionStatus } from '../../../services/ops.service';
import type { PersonQuery } from '../../../services/person-data.service';
import { html, type Html } from '../html';
import { type Viewer, csrfInput, opsPage } from './ops-page';

const TITLE = 'Сведения о человеке';

/** The query as hidden fields, so the next step (download, erase) asks about the same person. */
function queryFields(query: PersonQuery): Html {
  return 'esiaOid' in query
    ? html`<input type="hidden" name="esiaOid" value="${query.esiaOid}" />`
    : html`<input type="hidden" name="instanceId" value="${query.instanceId}" />
        <input type="hidden" name="userId" value="${query.userId}" />`;
}

/**
 * A summary (src/services/person-summary.ts) as HTML: a line with indented lines under it is a section (its
 * records as a list, the map's purpose, basis and retention in small print); any other line a paragraph.
 */
export function summaryHtml(summary: string): Html {
  const blocks: Array<{ head: string; items: string[]; notes: string[] }> = [];
  for (const line of summary.split('\n')) {
    if (line.startsWith('  — ')) blocks.at(-1)?.items.push(line.slice(4));
    else if (line.startsWith('  ')) blocks.at(-1)?.notes.push(line.trim());
    else if (line.trim()) blocks.push({ head: line, items: [], notes: [] });
  }
  return html`<div class="summary">
    ${blocks.map((b) =>
      b.items.length || b.notes.length
        ? html`<section class="person-section">
            <h2>${b.head}</h2>
            <ul class="records">
              ${b.items.map((i) => html`<li>${i}</li>`)}
            </ul>
            ${
              b.notes.length
                ? html`<details>
                    <summary class="small">Цель, основание, срок хранения</summary>
                    ${b.notes.map((n) => html`<p class="muted small">${n}</p>`)}
                  </details>`
                : ''
            }
          </section>`
        : html`<p>${b.head}</p>`,
    )}
  </div>`;
}

/** `/ops/persons`: whom to look up (an ESIA oid, or a diary account of the operator's regions). */
export function personLookupPage(p: {
  regions: readonly RegionStatus[];
  csrf: string;
  who: Viewer;
  editor: boolean;
}): string {
  if (!p.editor)
    return opsPage(
      TITLE,
      html`<p class="muted">Выгрузка и удаление сведений о человеке доступны только редактору.</p>`,
      p.who,
    );
  const instances = p.regions.flatMap((r) => r.instances.map((i) => ({ ...i, region: r.id })));
  return opsPage(
    TITLE,
    html`<p>
        Всё, что шлюз хранит о человеке в ваших регионах: привязки, обращения, исключения, уведомления
        дневникам и сеансы (ст. 14 152-ФЗ). Каждая выгрузка записывается в журнал.
      </p>
      <form method="post" action="/ops/persons/export">
        ${csrfInput(p.csrf)}
        <h2 class="sub">По учётной записи Госуслуг</h2>
        <label
          >Идентификатор ЕСИА (номер учётной записи)
          <input name="esiaOid" inputmode="numeric" autocomplete="off"
        /></label>
        <h2 class="sub">или по учётной записи дневника</h2>
        <label
          >Дневник
          <select name="instanceId">
            <option value="">—</option>
            ${instances.map((i) => html`<option value="${i.id}">${i.region} · ${i.displayName}</option>`)}
          </select></label
        >
        <label>Идентификатор пользователя в дневнике <input name="userId" autocomplete="off" /></label>
        <label
          >Основание (номер и дата заявления, без ФИО)
          <input name="reason" autocomplete="off" placeholder="заявление № 12 от 30.04.2026"
        /></label>
        <button>Показать сведения</button>
      </form>`,
    p.who,
  );
}

/** What is held, with a JSON download and the erasure form (a reason and an explicit confirmation). */
export function personExportPage(p: {
  query: PersonQuery;
  summary: string;
  reason: string;
  csrf: string;
  who: Viewer;
}): string {
  return opsPage(
    TITLE,
    html`${summaryHtml(p.summary)}
      <form method="post" action="/ops/persons/export">
        ${csrfInput(p.csrf)}${queryFields(p.query)}
        <input type="hidden" name="reason" value="${p.reason}" />
        <input type="hidden" name="format" value="json" />
        <button class="secondary">Скачать JSON</button>
      </form>
      <h2 class="sub">Удалить данные</h2>
      <p>
        Действующие привязки будут отозваны, дневникам уйдёт уведомление об отвязке; исключения и открытые
        обращения будут закрыты; все сведения о человеке в ваших регионах будут обезличены или удалены, сеансы
        — завершены. Отменить удаление нельзя.
      </p>
      <form method="post" action="/ops/persons/erase">
        ${csrfInput(p.csrf)}${queryFields(p.query)}
        <label
          >Основание (номер и дата заявления, без ФИО)
          <input name="reason" required autocomplete="off" value="${p.reason}"
        /></label>
        <label class="confirm"
          ><input type="checkbox" name="confirm" value="yes" required /> Понимаю: данные будут удалены
          безвозвратно</label
        >
        <button class="danger">Удалить данные</button>
      </form>`,
    p.who,
  );
}

/** After an erasure: what was done, as the act of destruction lists it. */
export function personErasedPage(p: { summary: string; who: Viewer }): string {
  return opsPage(
    'Данные удалены',
    html`${summaryHtml(p.summary)}
      <p><a href="/ops/audit">Журнал изменений</a> · <a href="/ops/persons">Новый запрос</a></p>`,
    p.who,
  );
}
