import { html, type SafeHtml } from './html';

/** Who the header greets and offers navigation to; null on pages for signed-out visitors. */
export interface HeaderUser {
  shortName: string;
  csrf: string;
}

/** What makes a diary's page frame its own: its name, stylesheet, brand, menu and the emulator's badge. */
export interface DiaryLook {
  /** After each page's title, e.g. «Дневник.ру». */
  name: string;
  stylesheet: string;
  brand: SafeHtml;
  /** The signed-in person's menu, before their name and «Выйти». */
  menu: ReadonlyArray<{ href: string; label: string }>;
  badge: string;
}

/** The page frame of an emulated diary: its header, a badge saying it is an emulator, and the content. */
export function diaryPage(look: DiaryLook, title: string, body: SafeHtml, user: HeaderUser | null): string {
  return html`<!doctype html>
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — ${look.name} (эмулятор)</title>
        <link rel="stylesheet" href="${look.stylesheet}" />
      </head>
      <body>
        <header>
          <a class="brand" href="/">${look.brand}</a>
          ${
            user
              ? html`<nav aria-label="Меню">
                  ${look.menu.map((item) => html`<a href="${item.href}">${item.label}</a>`)}
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
          <span class="badge">${look.badge}</span>
          ${body}
        </main>
      </body>
    </html> `.value;
}

/** A page that says what went wrong and where to go next. */
export function diaryErrorPage(
  look: DiaryLook,
  title: string,
  text: string,
  next: { href: string; label: string },
): string {
  return diaryPage(
    look,
    title,
    html`<section class="card narrow">
      <h1>${title}</h1>
      <p class="alert" role="alert">${text}</p>
      <a class="button primary" href="${next.href}">${next.label}</a>
    </section>`,
    null,
  );
}

/** A diary's `page` and `errorPage`, in its look. */
export function diaryFrame(look: DiaryLook) {
  return {
    page: (title: string, body: SafeHtml, user: HeaderUser | null = null): string =>
      diaryPage(look, title, body, user),
    errorPage: (title: string, text: string, next: { href: string; label: string }): string =>
      diaryErrorPage(look, title, text, next),
  };
}
