import { html, type SafeHtml } from '../../shared/html';

/** Who is signed in, for the header's «Фамилия И.О.» link to «Персональные настройки». */
export interface HeaderUser {
  shortName: string;
  csrf: string;
}

/** Every page's frame: the product header with the region, the signed-in user's name, and a development badge. */
export function page(title: string, region: string, body: SafeHtml, user?: HeaderUser): string {
  return html`<!doctype html>
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — Сетевой Регион. Образование (эмулятор)</title>
        <link rel="stylesheet" href="/setevoy.css" />
      </head>
      <body>
        <header>
          <span class="product">Сетевой Регион. Образование<span class="tenant">${region}</span></span>
          ${
            user
              ? html`<span><a href="/app/settings">${user.shortName}</a></span>
                  <form method="post" action="/logout">
                    <input type="hidden" name="csrf" value="${user.csrf}" /><button
                      type="submit"
                      class="secondary"
                    >
                      Выход
                    </button>
                  </form>`
              : ''
          }
        </header>
        <main>
          <span class="badge">Эмулятор для разработки и тестов — настоящие данные не вводите</span>
          ${body}
        </main>
      </body>
    </html>`.value;
}

/** A page that says one thing and offers one way on. */
export function messagePage(
  region: string,
  input: { title: string; text: string; tone: 'alert' | 'ok'; next: { href: string; label: string } },
  user?: HeaderUser,
): string {
  return page(
    input.title,
    region,
    html`<section class="card">
      <h1>${input.title}</h1>
      <p class="${input.tone}" role="${input.tone === 'alert' ? 'alert' : 'status'}">${input.text}</p>
      <a class="button primary" href="${input.next.href}">${input.next.label}</a>
    </section>`,
    user,
  );
}
