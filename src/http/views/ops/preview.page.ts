import type { PolicyProblem } from '../../../core/policy';
import type { PolicyPreview } from '../../../services/ops.service';
import type { PolicySettings } from '../../../core/policy-settings';
import { html } from '../html';
import { csrfInput, opsPage } from './ops-page';

const FIELDS: Array<[keyof PolicySettings, string]> = [
  ['mode', 'Режим'],
  ['timeZone', 'Часовой пояс'],
  ['announceDate', 'Дата оповещения'],
  ['cutoverDate', 'Дата перехода'],
  ['warnDays', 'Дней предупреждения'],
  ['minimumAge', 'Минимальный возраст'],
  ['roles', 'Роли'],
  ['unknownBirthDateRule', 'Дата рождения неизвестна'],
];
const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === null || v === '' ? '—' : String(v));

/** Step two of a change: before/after, the problems or who would be refused, a required reason, «Подтвердить». */
export function previewPage(p: {
  tenantId: string;
  preview: PolicyPreview;
  problems: readonly PolicyProblem[];
  csrf: string;
  who: string;
}): string {
  const { before, after, impact } = p.preview;
  const rows = FIELDS.map(
    ([k, label]) =>
      html`<tr>
        <td>${label}</td>
        <td>${show(before[k])}</td>
        <td>${show(after[k])}</td>
      </tr>`,
  );
  const hidden = FIELDS.map(
    ([k]) =>
      html`<input
        type="hidden"
        name="${k}"
        value="${show(after[k]) === '—' ? '' : show(after[k]).replace(/, /g, ',')}"
      />`,
  );
  const body = p.problems.length
    ? html`<div class="error" role="alert">
          <p>Политика не сохранена: исправьте ошибки.</p>
          <ul>
            ${p.problems.map((x) => html`<li>${x.field}: ${x.message}</li>`)}
          </ul>
        </div>
        <p><a href="/ops/regions/${p.tenantId}">Вернуться к редактору</a></p>`
    : html`<p>
          <strong>N</strong> пользователей 14+ без привязки будут отклонены: <strong>неизвестно</strong> —
          дневники не передают шлюзу списки пользователей, поэтому шлюз не может посчитать людей без привязки.
          Активных привязок в регионе: ${impact.activeLinks}.
        </p>
        <p>
          <strong>M = ${impact.wouldDenyLast7Days}</strong> входов по паролю за последние 7 дней
          (${impact.from} — ${impact.to}) были бы отклонены (из ${impact.passwordLoginsLast7Days} входов по
          паролю; подсчёт по возрастным группам журнала входов: 14–17, 18+ и «неизвестно» при правиле
          «отказывать»).
        </p>
        <form method="post" action="/ops/regions/${p.tenantId}/policy/confirm" class="stack">
          ${csrfInput(p.csrf)}${hidden}
          <label>Причина изменения (обязательно) <textarea name="reason" required></textarea></label>
          <button>Подтвердить</button> <a href="/ops/regions/${p.tenantId}">Отмена</a>
        </form>`;
  return opsPage(
    'Проверьте изменение',
    html`<table>
        <thead>
          <tr>
            <th></th>
            <th>Было</th>
            <th>Станет</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      ${body}`,
    p.who,
  );
}
