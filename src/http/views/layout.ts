import { html, type Html } from './html';

export type Lang = 'ru' | 'en';

/**
 * The page frame every gateway page shares: no inline script or style, so the strict CSP holds. `refreshTo`
 * adds a meta refresh at once (a navigation, not a form submission: no CSP form-action applies to it).
 */
export function layout(page: { lang: Lang; title: string; body: Html; refreshTo?: string }): string {
  const brand = page.lang === 'ru' ? 'Вход в электронный дневник' : 'Sign-in to the school e-diary';
  const refresh = page.refreshTo
    ? html`<meta http-equiv="refresh" content="0; url=${page.refreshTo}" />`
    : '';
  return html`<!doctype html>
    <html lang="${page.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${refresh}
        <title>${page.title} — ${brand}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/base.css" />
        <link rel="stylesheet" href="/static/app.css" />
      </head>
      <body>
        <header class="top">
          <img src="/static/favicon.svg" alt="" width="24" height="24" /><span class="brand">${brand}</span>
        </header>
        <main class="content">${page.body}</main>
      </body>
    </html> `.value;
}
