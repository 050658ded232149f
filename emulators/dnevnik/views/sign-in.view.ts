import type { DnevnikPerson } from '../dnevnik.fixture';
import { alertLine } from '../../shared/page-parts.view';
import { html } from '../../shared/html';
import { page } from './layout.view';

/** The gateway refused this password sign-in (decision deny): its words, and the way in that remains. */
export interface PasswordRefusal {
  message: string;
  /** «Войти через Госуслуги» at the diary; null when no gateway is configured. */
  esiaSignInUrl: string | null;
}

/** The sign-in page «Вход»: login and password, «Войти через Госуслуги», and the demo accounts. */
export function signInPage(input: {
  csrf: string;
  /** Where «Войти через Госуслуги» leads; null when no gateway is configured. */
  esiaSignInUrl: string | null;
  demoAccounts: DnevnikPerson[];
  error?: string;
  login?: string;
  refusal?: PasswordRefusal;
}): string {
  const refusal = input.refusal;
  return page(
    refusal ? 'Вход по паролю закрыт' : 'Вход',
    html`${
        refusal
          ? html`<section class="card narrow refusal">
              <h1>Вход по паролю закрыт</h1>
              <p class="alert" role="alert">${refusal.message}</p>
              ${
                refusal.esiaSignInUrl
                  ? html`<a class="button primary" href="${refusal.esiaSignInUrl}">Войти через Госуслуги</a>`
                  : ''
              }
              <p class="note">
                Нет учётной записи на Госуслугах или она не подтверждена? Зарегистрируйтесь на gosuslugi.ru и
                подтвердите её в МФЦ, банке или центре обслуживания. Ученикам до 14 лет вход по паролю
                остаётся открытым.
              </p>
            </section>`
          : ''
      }
      <section class="card narrow">
        <h1>Вход</h1>
        ${alertLine(input.error)}
        <form method="post" action="/login">
          <input type="hidden" name="csrf" value="${input.csrf}" />
          <label for="login">Логин</label>
          <input
            type="text"
            id="login"
            name="login"
            autocomplete="username"
            autocapitalize="none"
            value="${input.login ?? ''}"
            required
          />
          <label for="password">Пароль</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
          <button type="submit" class="primary">Войти</button>
        </form>
        ${
          refusal
            ? ''
            : input.esiaSignInUrl
              ? html`<a class="button esia" href="${input.esiaSignInUrl}">Войти через Госуслуги</a>`
              : html`<p class="note">
                  Вход через Госуслуги недоступен: эмулятор запущен без шлюза ЕСИА (задайте
                  DNEVNIK_EMULATOR_GATEWAY_URL).
                </p>`
        }
      </section>
      <section class="card narrow">
        <h2>Демо-пользователи</h2>
        <p class="note">Логины и пароли для входа по паролю.</p>
        <table>
          <thead>
            <tr>
              <th>Кто</th>
              <th>Логин</th>
              <th>Пароль</th>
            </tr>
          </thead>
          <tbody>
            ${input.demoAccounts.map(
              (p) =>
                html`<tr>
                  <td>${p.lastName} ${p.firstName}${p.blocked ? ' (заблокирован)' : ''}</td>
                  <td>${p.login}</td>
                  <td>${p.password}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>`,
  );
}
