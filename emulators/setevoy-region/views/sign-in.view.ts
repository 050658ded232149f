import type { CascadeChoice, CascadeItem, Level } from '../login-cascade';
import { alertLine } from '../../shared/page-parts.view';
import { html } from '../../shared/html';
import { page } from './layout.view';

/** One level of the cascade as the page shows it. */
export interface CascadeLevelView {
  level: Level;
  label: string;
  items: CascadeItem[];
}

/** A demo account listed under the form, with a link that fills the cascade for its school. */
export interface DemoAccount {
  name: string;
  school: string;
  login: string;
  password: string;
  href: string;
  note: string;
}

/**
 * The sign-in page: the cascade as one GET form (each «Выбрать» reloads the page with the next level filled,
 * so it works without JavaScript), then user name and password once a school is chosen, then «Войти через
 * Госуслуги» and the demo accounts.
 */
export function signInPage(input: {
  region: string;
  choice: CascadeChoice;
  levels: CascadeLevelView[];
  csrf: string;
  esiaUrl: string | null;
  demo: DemoAccount[];
  error?: string;
  login?: string;
  /**
   * The gateway refused this password sign-in: its words, shown with «Войти через Госуслуги», which then
   * appears there only.
   */
  refusal?: string;
}): string {
  const { choice } = input;
  const select = (v: CascadeLevelView) =>
    html`<label for="${v.level}">${v.label}</label>
      <select id="${v.level}" name="${v.level}">
        ${choice[v.level] === null ? html`<option value="">— выберите —</option>` : ''}
        ${v.items.map(
          (i) =>
            html`<option value="${i.id}" ${i.id === choice[v.level] ? html`selected` : ''}>
              ${i.name}
            </option>`,
        )}
      </select>`;
  const fixed = (['cid', 'sid'] as const).map(
    (l) => html`<input type="hidden" name="${l}" value="${choice[l] ?? ''}" />`,
  );
  return page(
    'Вход',
    input.region,
    html`${
        input.refusal
          ? html`<section class="card refusal">
              <h1>Вход по паролю закрыт</h1>
              <p class="alert" role="alert">${input.refusal}</p>
              ${input.esiaUrl ? html`<a class="button esia" href="${input.esiaUrl}">Войти через Госуслуги</a>` : ''}
              <p class="note">
                Для входа нужна подтверждённая учётная запись портала Госуслуг, привязанная к дневнику.
                Ученикам до 14 лет вход по паролю остаётся открытым.
              </p>
            </section>`
          : ''
      }
      <section class="card">
        <h1>Вход в систему</h1>
        ${alertLine(input.error)}
        <form method="get" action="/">
          ${fixed}
          <p class="muted">Регион: ${input.region}</p>
          ${input.levels.filter((v) => v.items.length > 0).map(select)}
          <button type="submit" class="secondary">Выбрать</button>
        </form>
        ${
          choice.scid === null
            ? html`<p class="note">
                Выберите образовательную организацию, чтобы ввести имя пользователя и пароль.
              </p>`
            : html`<form method="post" action="/">
                ${(['cid', 'sid', 'pid', 'cn', 'sft', 'scid'] as const).map(
                  (l) => html`<input type="hidden" name="${l}" value="${choice[l] ?? ''}" />`,
                )}
                <input type="hidden" name="csrf" value="${input.csrf}" />
                <label for="UN">Пользователь</label>
                <input
                  type="text"
                  id="UN"
                  name="UN"
                  autocomplete="username"
                  value="${input.login ?? ''}"
                  required
                />
                <label for="password">Пароль</label>
                <input
                  type="password"
                  id="password"
                  name="password"
                  autocomplete="current-password"
                  required
                />
                <button type="submit" class="primary">Войти</button>
              </form>`
        }
        <p class="note">Восстановить пароль можно у администратора вашей образовательной организации.</p>
      </section>
      ${
        // A refusal already offers «Войти через Госуслуги» at the top: a second button would ask twice.
        input.refusal
          ? ''
          : html`<section class="card">
              ${
                input.esiaUrl
                  ? html`<a class="button esia" href="${input.esiaUrl}">Войти через Госуслуги</a>`
                  : html`<p class="note">Вход через Госуслуги на этом стенде не настроен.</p>`
              }
            </section>`
      }
      <section class="card">
        <h2>Демо-пользователи</h2>
        <ul class="demo">
          ${input.demo.map(
            (d) =>
              html`<li>
                <strong>${d.name}</strong> — ${d.note}<br /><a href="${d.href}">${d.school}</a><br />
                пользователь ${d.login} · пароль ${d.password}
              </li>`,
          )}
        </ul>
      </section>`,
  );
}
