import { html, type SafeHtml } from '../../shared/html';

/** Who the header greets and offers navigation to; null on pages for signed-out visitors. */
export interface HeaderUser {
  shortName: string;
  csrf: string;
}

/** The page frame: a Дневник.ру-like header, a badge saying it is an emulator, and the content. */
export function page(title: string, body: SafeHtml, user: HeaderUser | null = null): string {
  return html`<!doctype html>
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — Дневник.ру (эмулятор)</title>
        <link rel="stylesheet" href="/dnevnik.css" />
      </head>
      <body>
        <header>
          <a class="brand" href="/">Дневник<span>.ру</span></a>
          ${
            user
              ? html`<nav aria-label="Меню">
                  <a href="/userfeed">Дневник</a>
                  <a href="/settings">Личные настройки</a>
                  <span>${user.shortName}</span>
                  <form method="post" action="/logout">
                    <input type="hidden" name="csrf" value="${user.csrf}" />
                    <button type="submit">Выйти</button>
                  </form>
                </nav>`
              : ''
          }
        </header>
        <main>
          <span class="badge">Эмулятор Дневник.ру для разработки и тестов — настоящие данные не вводите</span>
          ${body}
        </main>
      </body>
    </html> `.value;
}

/** A page that says what went wrong and where to go next. */
export function errorPage(title: string, text: string, next: { href: string; label: string }): string {
  return page(
    title,
    html`<section class="card narrow">
      <h1>${title}</h1>
      <p class="alert" role="alert">${text}</p>
      <a class="button primary" href="${next.href}">${next.label}</a>
    </section>`,
  );
}
