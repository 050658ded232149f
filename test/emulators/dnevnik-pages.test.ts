import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { DnevnikTestBrowser } from '../../emulators/dnevnik/testing/dnevnik-browser';

let emulator: DnevnikEmulator;

beforeAll(async () => {
  emulator = await startDnevnikEmulator();
});
afterAll(() => emulator.close());

/** What a person reads: the page without tags, whitespace collapsed (so formatting cannot break a test). */
const visible = (page: { text: string }) =>
  page.text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.])/g, '$1');

/** No inline script or style anywhere: the CSP forbids them, so a page that needed them would break. */
function expectStrictPage(page: { text: string; headers: Headers }) {
  expect(page.text).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  expect(page.text).toContain('name="viewport"');
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
}

describe('Дневник.ру pages without a gateway', () => {
  it('shows «Вход» with login and password, and explains why ESIA sign-in is missing', async () => {
    const page = await new DnevnikTestBrowser().get(`${emulator.url}/login`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Вход</h1>');
    expect(page.text).toMatch(/name="login"[\s\S]*name="password"/);
    expect(page.text).not.toContain('Войти через Госуслуги</a>');
    expect(page.text).toContain('Вход через Госуслуги недоступен');
    expectStrictPage(page);
  });

  it('signs a student in by password to «Дневник» with name, school and class', async () => {
    const page = await new DnevnikTestBrowser().signIn(emulator.url, 'ivanov.maksim', 'Dnevnik-Maksim1');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Дневник</h1>');
    expect(visible(page)).toContain('Иванов Максим Андреевич');
    expect(visible(page)).toContain('МБОУ «Гимназия № 74» — Ученик, класс 9 «А»');
    expectStrictPage(page);
  });

  it('shows a parent both children with their schools, and a teacher-parent both roles', async () => {
    const parent = await new DnevnikTestBrowser().signIn(emulator.url, 'ivanova.elena', 'Dnevnik-Ivanova1');
    expect(visible(parent)).toContain('Иванов Максим — МБОУ «Гимназия № 74», класс 9 «А»');
    expect(visible(parent)).toContain('Иванова София — МБОУ «СОШ № 110», класс 7 «Б»');
    const teacher = await new DnevnikTestBrowser().signIn(
      emulator.url,
      'sokolova.marina',
      'Dnevnik-Sokolova1',
    );
    expect(visible(teacher)).toContain('МБОУ «СОШ № 110» — Учитель математики');
    expect(visible(teacher)).toContain('Соколов Артём — МБОУ «Гимназия № 74», класс 4 «Б»');
  });

  it('refuses a wrong password with «Неверный логин или пароль» and a locked account as locked', async () => {
    const wrong = await new DnevnikTestBrowser().signIn(emulator.url, 'ivanova.sofia', 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Неверный логин или пароль');
    expect(wrong.text).toContain('value="ivanova.sofia"');
    const locked = await new DnevnikTestBrowser().signIn(emulator.url, 'orlova.anna', 'Dnevnik-Orlova1');
    expect(locked.status).toBe(403);
    expect(locked.text).toContain('Учётная запись заблокирована');
  });

  it('refuses a sign-in form without the session CSRF token', async () => {
    const browser = new DnevnikTestBrowser();
    await browser.get(`${emulator.url}/login`);
    const result = await browser.post(`${emulator.url}/login`, {
      csrf: 'forged',
      login: 'ivanov.maksim',
      password: 'Dnevnik-Maksim1',
    });
    expect(result.status).toBe(403);
  });

  it('sends a signed-out visitor from the diary pages to «Вход»', async () => {
    const browser = new DnevnikTestBrowser();
    for (const path of ['/userfeed', '/settings'])
      expect(await browser.get(`${emulator.url}${path}`)).toMatchObject({ status: 303, location: '/login' });
  });

  it('shows «Личные настройки» with the link button; without a gateway the button explains itself', async () => {
    const browser = new DnevnikTestBrowser();
    await browser.signIn(emulator.url, 'belov.timur', 'Dnevnik-Belov1');
    const settings = await browser.get(`${emulator.url}/settings`);
    expect(settings.text).toContain('<h1>Личные настройки</h1>');
    expect(visible(settings)).toContain('Дата рождения не указана');
    expect(settings.text).toContain('Привязать учетную запись портала госуслуг</button>');
    expectStrictPage(settings);
    const pressed = await browser.post(`${emulator.url}/settings/esia-link`, {
      csrf: DnevnikTestBrowser.csrf(settings),
    });
    expect(pressed.status).toBe(503);
    expect(pressed.text).toContain('Привязка недоступна');
  });

  it('signs out on «Выйти», after which the diary asks to sign in again', async () => {
    const browser = new DnevnikTestBrowser();
    const home = await browser.signIn(emulator.url, 'nikolaev.egor', 'Dnevnik-Egor1');
    const out = await browser.post(`${emulator.url}/logout`, { csrf: DnevnikTestBrowser.csrf(home) });
    expect(out).toMatchObject({ status: 303, location: '/login' });
    expect((await browser.get(`${emulator.url}/userfeed`)).status).toBe(303);
  });
});
