import { html, type Html } from './html';

export type Lang = 'ru' | 'en';

/** The page frame every gateway page shares: no inline script or style, so the strict CSP holds. */
export function layout(page: { lang: Lang; title: string; body: Html }): string {
  const brand = page.lang === 'ru' ? 'Вход в электронный дневник' : 'Sign-in to the school e-diary';
  return html`<!doctype html>
    <html lang="${page.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${page.title} — ${brand}</title>
        <link rel="stylesheet" href="/static/app.css" />
      </head>
      <body>
        <header class="top"><span class="brand">${brand}</span></header>
        <main class="content">${page.body}</main>
      </body>
    </html> `.value;
}
