import { personaLabel, type Persona } from '../../fixtures/personas.fixture';
import { SCOPES } from '../scopes.catalog';
import { html, type SafeHtml } from '../../shared/html';

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — Госуслуги (эмулятор)</title>
        <link rel="stylesheet" href="/esia-emulator.css" />
      </head>
      <body>
        <main>
          <div class="logo" aria-label="госуслуги">
            <span class="gos">гос</span><span class="uslugi">услуги</span>
          </div>
          <span class="badge">Эмулятор ЕСИА для разработки и тестов — настоящие данные не вводите</span>
          ${body}
        </main>
      </body>
    </html> `.value;
}

/** How an account's level reads to a person. */
export function accountLevelLabel(persona: Persona): string {
  if (persona.account.level === 'KD') return 'Детская учётная запись';
  if (persona.account.level === 'PR') return 'Подтверждённая учётная запись';
  return persona.account.status === 'standard' ? 'Стандартная учётная запись' : 'Упрощённая учётная запись';
}

const fullName = (p: Persona) => `${p.lastName} ${p.firstName} ${p.middleName}`;

/** The sign-in page «Вход»: the login form and one button per demo persona. */
export function signInPage(input: {
  requestId: string;
  csrf: string;
  personas: Persona[];
  /** `YYYY-MM-DD`: the ages under the names are computed for this day. */
  today: string;
  error?: string;
  login?: string;
}): string {
  const hidden = html`<input type="hidden" name="req" value="${input.requestId}" /><input
      type="hidden"
      name="csrf"
      value="${input.csrf}"
    />`;
  return page(
    'Вход',
    html`<section class="card">
        <h1>Вход</h1>
        ${input.error ? html`<p class="alert" role="alert">${input.error}</p>` : ''}
        <form method="post" action="/login">
          ${hidden}
          <label for="login">Телефон / Email / СНИЛС</label>
          <input
            type="text"
            id="login"
            name="login"
            autocomplete="username"
            value="${input.login ?? ''}"
            required
          />
          <label for="password">Пароль</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
          <button type="submit" class="primary">Войти</button>
        </form>
      </section>
      <section class="card">
        <h2>Демо-пользователи</h2>
        <p class="note">Вход одним нажатием. Логин и пароль каждого указаны под именем.</p>
        ${input.personas.map(
          (p) =>
            html`<form method="post" action="/login">
              ${hidden}<input type="hidden" name="persona" value="${p.id}" />
              <button type="submit" class="persona">
                <strong>${fullName(p)}</strong><small>${personaLabel(p, input.today)}</small
                ><small>${accountLevelLabel(p)}</small
                ><small>${p.login.phone ?? p.login.email} · пароль ${p.login.password}</small>
              </button>
            </form>`,
        )}
      </section>`,
  );
}

/** The consent page «Предоставление прав доступа» with «Предоставить» and «Отказать». */
export function consentPage(input: {
  requestId: string;
  csrf: string;
  persona: Persona;
  clientName: string;
  scopes: string[];
}): string {
  return page(
    'Предоставление прав доступа',
    html`<section class="card">
      <h1>Предоставление прав доступа</h1>
      <p class="who">
        Вы вошли как ${fullName(input.persona)}.
        <a href="/login?req=${input.requestId}&amp;switch=1">Войти под другой учётной записью</a>
      </p>
      <p>Система «${input.clientName}» запрашивает следующие права:</p>
      <ul class="rights">
        ${input.scopes.map((s) => html`<li>${SCOPES[s] ?? s}</li>`)}
      </ul>
      <p class="note">
        Права действуют, пока вы их не отзовёте. Отозвать их можно в личном кабинете на портале Госуслуг.
      </p>
      <form method="post" action="/aas/oauth2/consent">
        <input type="hidden" name="req" value="${input.requestId}" /><input
          type="hidden"
          name="csrf"
          value="${input.csrf}"
        />
        <button type="submit" class="primary" name="decision" value="grant">Предоставить</button>
        <button type="submit" class="secondary" name="decision" value="deny">Отказать</button>
      </form>
    </section>`,
  );
}

/** ESIA's own error page, for requests it cannot send back to a trusted redirect address. */
export function errorPage(input: { code: string; text: string }): string {
  return page(
    'Ошибка',
    html`<section class="card">
      <h1>Ошибка</h1>
      <p class="alert" role="alert">${input.text}</p>
      <p class="code">ESIA-${input.code}</p>
      <p class="note">
        Вернитесь на сайт, с которого вы пришли, и попробуйте ещё раз. Если ошибка повторяется, сообщите в
        службу поддержки этого сайта.
      </p>
    </section>`,
  );
}

/** What /idp/ext/Logout shows when it has nowhere trusted to send the browser. */
export function loggedOutPage(): string {
  return page(
    'Выход',
    html`<section class="card">
      <h1>Вы вышли из системы</h1>
      <p class="note">Можно закрыть эту страницу.</p>
    </section>`,
  );
}
