import { html } from '../../shared/html';
import { diaryFrame, type HeaderUser } from '../../shared/diary-page.view';
import { alertLine, fieldList, gosuslugiCard, postButton } from '../../shared/page-parts.view';
import type { EljurAccount, EljurSchool } from '../diary-api.fixture';

export type { HeaderUser };

/** The page frame in ЭлЖур's look: its header, menu and badge. */
export const { page, errorPage } = diaryFrame({
  name: 'ЭлЖур',
  stylesheet: '/eljur.css',
  brand: html`Эл<span>Жур</span>`,
  menu: [
    { href: '/journal', label: 'Дневник' },
    { href: '/settings', label: 'Настройки' },
  ],
  badge:
    'Эталонный дневник по API шлюза (ЭлЖур-подобный эмулятор) для разработки и тестов — настоящие данные не вводите',
});

const DEMO_LOGINS = [
  ['fedorov.p', 'Eljur-Fedorov1'],
  ['petrov.a', 'Eljur-Petrov1'],
  ['sokolova.m', 'Eljur-Sokolova1'],
  ['petrov.i', 'Eljur-Ivan1'],
] as const;

/** «Вход»: login and password, or «Войти через Госуслуги». */
export function signInPage(error?: string, login = ''): string {
  return page(
    'Вход',
    html`<section class="card narrow">
      <h1>Вход в ЭлЖур</h1>
      ${alertLine(error)}
      <form method="post" action="/login">
        <label for="login">Логин</label>
        <input id="login" name="login" type="text" autocomplete="username" value="${login}" required />
        <label for="password">Пароль</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button class="primary" type="submit">Войти</button>
      </form>
      <a class="button esia" href="/login/esia">Войти через Госуслуги</a>
      <p class="note">
        Демо:
        ${DEMO_LOGINS.map(([login, password], n) => html`<span class="pair">${login} / ${password}</span>${n < DEMO_LOGINS.length - 1 ? ', ' : '.'}`)}
      </p>
    </section>`,
  );
}

const ROLE_NAMES: Record<string, string> = {
  student: 'Ученик',
  parent: 'Родитель',
  teacher: 'Учитель',
  staff: 'Сотрудник',
};

/** «Дневник»: who is signed in, as whom, where; and how they came in. */
export function journalPage(
  header: HeaderUser,
  account: EljurAccount,
  school: (id: string) => EljurSchool | undefined,
  via: 'password' | 'esia' | null,
  chosen: { organizationId: string; role: string } | null,
): string {
  return page(
    'Дневник',
    html`<section class="card">
      <h1>Дневник</h1>
      <p>Здравствуйте, ${account.firstName} ${account.middleName ?? ''}!</p>
      ${via === 'esia' ? html`<p class="success">Вы вошли через портал госуслуг.</p>` : ''}
      <table>
        <thead>
          <tr>
            <th>Организация</th>
            <th>Роль</th>
          </tr>
        </thead>
        <tbody>
          ${account.memberships.map(
            (m) =>
              html`<tr>
                <td>
                  ${school(m.school)?.name ?? m.school}${chosen?.organizationId === m.school ? ' (выбрано при входе)' : ''}
                </td>
                <td>${m.position ?? ROLE_NAMES[m.role] ?? m.role}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`,
    header,
  );
}

/** «Настройки»: the account, and the Gosuslugi section with the link button. */
export function settingsPage(
  header: HeaderUser,
  account: EljurAccount,
  state: { linked: boolean; gatewayConfigured: boolean; error?: string },
): string {
  return page(
    'Настройки',
    html`<section class="card">
        <h1>Настройки</h1>
        ${fieldList([
          ['ФИО', `${account.lastName} ${account.firstName} ${account.middleName ?? ''}`],
          ['Логин', account.login],
        ])}
      </section>
      ${gosuslugiCard(
        state.error,
        state.linked
          ? html`<p class="success">Учетная запись портала госуслуг привязана.</p>
              ${postButton('/settings/esia-unlink', header.csrf, {
                className: 'secondary',
                label: 'Отвязать учетную запись портала госуслуг',
              })}`
          : html`<p>Привяжите учетную запись портала госуслуг, чтобы входить в ЭлЖур через Госуслуги.</p>
              ${postButton('/settings/esia-link', header.csrf, {
                className: 'esia',
                label: 'Привязать учетную запись портала госуслуг',
              })}`,
      )}`,
    header,
  );
}

/** The diary's own success page after the gateway's link (or unlink). */
export function linkedPage(header: HeaderUser, what: 'linked' | 'removed'): string {
  return page(
    'Портал госуслуг',
    html`<section class="card narrow">
      <h1>Портал госуслуг</h1>
      <p class="success" role="status">
        ${
          what === 'linked'
            ? 'Отлично! Теперь Вы можете входить в ЭлЖур через портал госуслуг.'
            : 'Учетная запись портала госуслуг отвязана.'
        }
      </p>
      <a class="button primary" href="/journal">Перейти в ЭлЖур</a>
    </section>`,
    header,
  );
}
