import { html, type SafeHtml } from '../../shared/html';

/** The platform's page frame: header, one stylesheet, nothing inline (strict CSP), readable on a phone. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — ЦОП ХМАО-Югры (эмулятор)</title>
        <link rel="stylesheet" href="/cop.css" />
      </head>
      <body>
        <header>
          <div class="brand">
            Цифровая образовательная платформа ХМАО-Югры
            <small>Эмулятор для разработки и тестов — настоящие данные не вводите</small>
          </div>
        </header>
        <main>${body}</main>
      </body>
    </html> `.value;
}

/** How the platform names a role on its pages. */
export const ROLE_LABELS: Record<string, string> = {
  STUDENT: 'Обучающийся',
  LEGAL_REPRESENTATIVE: 'Родитель (законный представитель)',
  TEACHER: 'Педагог',
  EMPLOYEE: 'Сотрудник',
  ADMINISTRATOR: 'Администратор',
  student: 'Обучающийся',
  parent: 'Родитель (законный представитель)',
  teacher: 'Педагог',
  staff: 'Сотрудник',
};
