import { html } from '../../shared/html';
import { diaryFrame } from '../../shared/diary-page.view';

export type { HeaderUser } from '../../shared/diary-page.view';

/** The page frame in Дневник.ру's look: its header, menu and badge. */
export const { page, errorPage } = diaryFrame({
  name: 'Дневник.ру',
  stylesheet: '/dnevnik.css',
  brand: html`Дневник<span>.ру</span>`,
  menu: [
    { href: '/userfeed', label: 'Дневник' },
    { href: '/settings', label: 'Личные настройки' },
  ],
  badge: 'Эмулятор Дневник.ру для разработки и тестов — настоящие данные не вводите',
});
