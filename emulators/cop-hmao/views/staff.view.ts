import type { StaffAccount } from '../cop-records.fixture';
import type { QueuedAccessRequest } from '../state/access-requests.queue';
import { html, type SafeHtml } from '../../shared/html';
import { page, ROLE_LABELS } from './layout.view';

const REASONS: Record<QueuedAccessRequest['reason'], string> = {
  organization_missing: 'Нет нужной организации',
  profile_missing: 'Нет профиля',
  data_mismatch: 'Данные не совпадают (СНИЛС, дата рождения)',
};
const STATUSES: Record<QueuedAccessRequest['status'], string> = {
  NEW: 'Новая',
  RESOLVED: 'Решена',
  REJECTED: 'Отклонена',
};

/** A record the staff member may bind a request to, as the resolve form lists it. */
export interface ResolveTarget {
  readonly value: string;
  readonly label: string;
  readonly snils: string | null;
  readonly snilsWarning: boolean;
}

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}" />`;

/** The staff sign-in form, with the demo logins listed (development only). */
export function staffLoginPage(input: { staff: StaffAccount[]; error?: string }): string {
  return page(
    'Вход для сотрудников',
    html`<section class="card">
        <h1>Вход для сотрудников</h1>
        ${input.error ? html`<p class="alert" role="alert">${input.error}</p>` : ''}
        <form method="post" action="/staff/login">
          <label for="login">Логин</label>
          <input type="text" id="login" name="login" autocomplete="username" required />
          <label for="password">Пароль</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
          <button class="button primary" type="submit">Войти</button>
        </form>
      </section>
      <section class="card">
        <h2>Демо-учётные записи</h2>
        <ul class="plain">
          ${input.staff.map((s) => html`<li>${s.position}: <code>${s.login}</code> / <code>${s.password}</code></li>`)}
        </ul>
      </section>`,
  );
}

/** «Заявки на доступ» of the staff member's organization. */
export function staffQueuePage(input: {
  staff: StaffAccount;
  organizationName: string;
  requests: QueuedAccessRequest[];
  csrf: string;
  notice?: string;
}): string {
  const rows = input.requests.map(
    (r) =>
      html`<tr>
        <td><a href="/staff/requests/${encodeURIComponent(r.id)}">${r.id}</a></td>
        <td>${r.personName}</td>
        <td>
          ${REASONS[r.reason]}${r.role ? html`<br /><span class="note">${ROLE_LABELS[r.role]}</span>` : ''}
        </td>
        <td><span class="status">${STATUSES[r.status]}</span></td>
      </tr>`,
  );
  return page(
    'Заявки на доступ',
    html`<section class="card">
      <h1>Заявки на доступ</h1>
      <p class="note">${input.organizationName} · ${input.staff.name}</p>
      ${input.notice ? html`<p class="ok" role="status">${input.notice}</p>` : ''}
      ${
        input.requests.length === 0
          ? html`<p>Заявок нет.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>Номер</th>
                  <th>Заявитель</th>
                  <th>Причина</th>
                  <th>Статус</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>`
      }
      <form method="post" action="/staff/logout">
        ${csrfField(input.csrf)}<button class="button secondary" type="submit">Выйти</button>
      </form>
    </section>`,
  );
}

/** One request: what the person wrote, and the form that corrects the pupil file or creates the profile. */
export function staffRequestPage(input: {
  request: QueuedAccessRequest;
  organizationName: string;
  targets: ResolveTarget[];
  csrf: string;
  error?: string;
}): string {
  const r = input.request;
  const options: SafeHtml[] = input.targets.map(
    (t) =>
      html`<option value="${t.value}">
        ${t.label}${t.snils ? ` — СНИЛС в записи: ${t.snils}` : ''}${t.snilsWarning ? ' (контрольное число не сходится)' : ''}
      </option>`,
  );
  const form =
    r.status === 'NEW'
      ? html`<form method="post" action="/staff/requests/${encodeURIComponent(r.id)}/resolve">
          ${csrfField(input.csrf)}
          <label for="target">Запись в личном деле</label>
          <select id="target" name="target" required>
            ${options}
          </select>
          <label for="snils">СНИЛС заявителя (по документу)</label>
          <input type="text" id="snils" name="snils" inputmode="numeric" placeholder="XXX-XXX-XXX YY" />
          <label for="comment">Комментарий для заявителя</label>
          <input type="text" id="comment" name="comment" />
          <button class="button primary" type="submit" name="action" value="resolve">
            Исправить и решить
          </button>
          <button class="button secondary" type="submit" name="action" value="reject">Отклонить</button>
        </form>`
      : html`<p class="ok" role="status">${STATUSES[r.status]}: ${r.resolution ?? ''}</p>`;
  return page(
    `Заявка ${r.id}`,
    html`<section class="card">
      <h1>Заявка ${r.id}</h1>
      ${input.error ? html`<p class="alert" role="alert">${input.error}</p>` : ''}
      <dl>
        <dt>Организация</dt>
        <dd>${input.organizationName}</dd>
        <dt>Заявитель</dt>
        <dd>${r.personName}</dd>
        <dt>Роль</dt>
        <dd>${r.role ? ROLE_LABELS[r.role] : 'не указана'}</dd>
        <dt>Причина</dt>
        <dd>${REASONS[r.reason]}</dd>
        <dt>Сообщение</dt>
        <dd>${r.message || '—'}</dd>
        <dt>Контакт</dt>
        <dd>${r.contact || '—'}</dd>
      </dl>
      ${form}
      <p><a href="/staff/requests">← Все заявки</a></p>
    </section>`,
  );
}
