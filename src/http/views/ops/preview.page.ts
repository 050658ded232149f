import type { PolicyProblem } from '../../../core/policy';
import type { PolicyPreview } from '../../../services/ops.service';
import type { PolicySettings } from '../../../core/policy-settings';
import { html } from '../html';
import { csrfInput, opsPage, dataTable, type Viewer } from './ops-page';
import { problemText, settingValue, SETTING_LABELS } from './settings-labels';
import { dateRu, plural } from './ru';

const FIELDS = Object.keys(SETTING_LABELS) as Array<keyof PolicySettings>;
const PEOPLE = ['вход', 'входа', 'входов'] as const;

/** The field of a problem in the operators' words. */
const fieldName = (field: string) => SETTING_LABELS[field as keyof PolicySettings] ?? 'Политика';

/** Step two of a change: before/after in Russian, the problems or who would be refused, a required reason. */
export function previewPage(p: {
  tenantId: string;
  preview: PolicyPreview;
  problems: readonly PolicyProblem[];
  csrf: string;
  who: Viewer;
}): string {
  const { before, after, impact } = p.preview;
  const changed = FIELDS.filter((k) => settingValue(k, before[k]) !== settingValue(k, after[k]));
  const rows = FIELDS.map(
    (k) =>
      html`<tr class="${changed.includes(k) ? 'changed' : ''}">
        <th scope="row">${SETTING_LABELS[k]}</th>
        <td>${settingValue(k, before[k])}</td>
        <td>${settingValue(k, after[k])}</td>
      </tr>`,
  );
  const hidden = FIELDS.flatMap((k) => {
    const v = after[k];
    if (Array.isArray(v)) return v.map((x) => html`<input type="hidden" name="${k}" value="${String(x)}" />`);
    return [html`<input type="hidden" name="${k}" value="${v === null ? '' : String(v)}" />`];
  });
  const body = p.problems.length
    ? html`<div class="error" role="alert">
          <p>Политика не сохранена: исправьте ошибки.</p>
          <ul>
            ${p.problems.map((x) => html`<li>${fieldName(x.field)}: ${problemText(x.code)}</li>`)}
          </ul>
        </div>
        <p><a class="button-link" href="/ops/regions/${p.tenantId}/settings">Вернуться к настройкам</a></p>`
    : html`<h2>Кого коснётся</h2>
        <p>
          За последние 7 дней (${dateRu(impact.from)} — ${dateRu(impact.to)}) с новыми настройками были бы
          отклонены <strong>${plural(impact.wouldDenyLast7Days, PEOPLE)}</strong> по паролю из
          ${plural(impact.passwordLoginsLast7Days, PEOPLE)}.
        </p>
        <p class="muted">
          Сколько людей 14 лет и старше ещё не привязали Госуслуги, шлюз посчитать не может: дневники не
          передают ему списки пользователей. Активных привязок в регионе: ${impact.activeLinks}.
        </p>
        <form method="post" action="/ops/regions/${p.tenantId}/policy/confirm" class="stack">
          ${csrfInput(p.csrf)}${hidden}
          <label
            >Причина изменения (обязательно)
            <textarea name="reason" required rows="3"></textarea>
          </label>
          <div class="actions">
            <button>Подтвердить</button>
            <a class="button-link" href="/ops/regions/${p.tenantId}/settings">Отмена</a>
          </div>
        </form>`;
  return opsPage(
    'Проверьте изменение',
    html`${dataTable('Было и станет', ['Настройка', 'Было', 'Станет'], rows, 'compare')} ${body}`,
    p.who,
    { section: 'overview' },
  );
}
