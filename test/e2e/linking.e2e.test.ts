import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeWithBrowser, JourneyRecorder, launchBrowser } from './support/browser';
import { startDemoGateway, type DemoGateway } from './support/demo-gateway';

/**
 * Flow A in Debian's chromium, as the seed documents tell it: a person signs in to their diary with a password,
 * opens the personal settings, presses «Привязать учетную запись портала госуслуг», signs in at Gosuslugi,
 * grants access and comes back linked. Every page (the diaries', the gateway's, ESIA's) is photographed into
 * test-results/ and checked with axe.
 */
describeWithBrowser(
  'in a real browser: linking a diary account to Gosuslugi (seeds 003, 004, 000/002)',
  () => {
    let gw: DemoGateway;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let journey: JourneyRecorder;

    beforeAll(async () => {
      [gw, browser] = await Promise.all([startDemoGateway(), launchBrowser()]);
    });
    afterAll(async () => {
      await browser?.close();
      await gw?.close();
    });
    beforeEach(async () => {
      context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 800 } });
      page = await context.newPage();
      journey = new JourneyRecorder(page, expect.getState().currentTestName ?? 'journey');
    });
    afterEach(async () => {
      await context.close();
    });

    const body = async () => ((await page.textContent('body')) ?? '').replace(/\s+/g, ' ');
    /** Clicks a link or button by its visible text and waits for the page it leads to. */
    const click = async (role: 'link' | 'button', name: string) => {
      const next = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
      await page.getByRole(role, { name, exact: true }).click();
      await next;
      await page.waitForLoadState();
    };

    /** At the ESIA emulator: «Вход» with the person's phone and password, then the consent page. */
    async function esiaSignIn(phone: string, password: string): Promise<void> {
      expect(page.url().startsWith(gw.esia.url)).toBe(true);
      expect(await page.locator('h1').first().textContent()).toBe('Вход');
      await page.getByLabel('Телефон / Email / СНИЛС').fill(phone);
      await page.getByLabel('Пароль', { exact: true }).fill(password);
      await journey.step('esia sign-in');
      await click('button', 'Войти');
      expect(await page.locator('h1').textContent()).toBe('Предоставление прав доступа');
      await journey.step('esia consent');
    }

    /** At the ESIA emulator: the demo persona's one-press sign-in, then the consent page. */
    async function esiaPersona(name: string): Promise<void> {
      expect(page.url().startsWith(gw.esia.url)).toBe(true);
      await journey.step('esia persona list');
      const next = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
      await page.locator('button.persona', { hasText: name }).click();
      await next;
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Предоставление прав доступа');
      await journey.step('esia consent');
    }

    it('Дневник.ру: «Личные настройки» → «Привязать…» → Госуслуги → «Предоставить» → «Отлично!» → «Перейти в Дневник.ру»; then «Войти через Госуслуги» goes straight in', async () => {
      await page.goto(`${gw.dnevnik.url}/login`);
      await journey.step('dnevnik sign-in page');
      await page.getByLabel('Логин').fill('ivanov.maksim');
      await page.getByLabel('Пароль').fill('Dnevnik-Maksim1');
      await click('button', 'Войти');
      expect(page.url()).toBe(`${gw.dnevnik.url}/userfeed`);
      await journey.step('dnevnik diary');

      await click('link', 'Личные настройки');
      expect(await page.locator('h1').textContent()).toBe('Личные настройки');
      await journey.step('dnevnik personal settings');

      await click('button', 'Привязать учетную запись портала госуслуг');
      expect(page.url()).toBe(`${gw.url}/link/notice`);
      expect(await body()).toContain(
        'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг',
      );
      await journey.step('gateway notice');

      await click('link', 'Продолжить');
      await esiaSignIn('+7(913)1000002', 'Student-2026');
      await click('button', 'Предоставить');
      expect(page.url()).toBe(`${gw.url}/link/confirm`);
      expect(await body()).toContain('Подтвердите привязку');
      expect(await body()).toContain('Иванов Максим');
      await journey.step('gateway confirmation');

      await click('button', 'Привязать');
      expect(page.url()).toBe(`${gw.url}/link/done`);
      expect(await body()).toContain('Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг');
      await journey.step('gateway success');

      await click('link', 'Перейти в Дневник.ру');
      expect(page.url().startsWith(gw.dnevnik.url)).toBe(true);
      expect(await body()).toContain('Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг');
      await journey.step('dnevnik linked');

      // Another day: signed out of the diary, the person takes «Войти через Госуслуги» and lands in the diary.
      await click('button', 'Выйти');
      expect(page.url()).toBe(`${gw.dnevnik.url}/login`);
      await journey.step('dnevnik signed out');
      await click('link', 'Войти через Госуслуги');
      expect(page.url().startsWith(gw.esia.url)).toBe(true);
      if ((await page.locator('h1').first().textContent()) === 'Вход')
        await esiaSignIn('+7(913)1000002', 'Student-2026');
      else await journey.step('esia consent (still signed in at Gosuslugi)');
      // ESIA → the gateway → the diary: no chooser for one profile, and no second «Привязать».
      await click('button', 'Предоставить');
      await page.waitForURL(`${gw.dnevnik.url}/userfeed`);
      expect(await body()).toContain('Иванов');
      await journey.step('dnevnik diary through Gosuslugi');
      journey.finish();
    });

    it('«Сетевой Регион»: the region cascade, «Персональные настройки» → «Привязать учетную запись портала Госуслуг» → «Сейчас вы будете перенаправлены…» → «Продолжить» → Госуслуги → linked', async () => {
      await page.goto(`${gw.setevoy.url}/`);
      expect(await body()).toContain('Иркутская область');
      await journey.step('setevoy sign-in, region');
      // The cascade reloads the page for each level («Выбрать»): it works without JavaScript.
      for (const [label, option] of [
        ['Городской округ / Муниципальный район', 'г. Иркутск'],
        ['Населённый пункт', 'Иркутск'],
        ['Тип ОО', 'Общеобразовательная'],
        ['Образовательная организация', 'МАОУ «Гимназия № 74» г. Иркутска'],
      ] as const) {
        await page.getByLabel(label, { exact: true }).selectOption({ label: option });
        await click('button', 'Выбрать');
        await journey.step(`setevoy cascade ${label}`);
      }
      await page.getByLabel('Пользователь').fill('ivanov.ma');
      await page.getByLabel('Пароль', { exact: true }).fill('Maxim-2011');
      await click('button', 'Войти');
      expect(page.url()).toBe(`${gw.setevoy.url}/app`);
      await journey.step('setevoy home');

      await click('link', 'Персональные настройки');
      expect(await page.locator('h1').textContent()).toBe('Персональные настройки');
      await journey.step('setevoy personal settings');
      await click('link', 'Привязать учетную запись портала Госуслуг');
      expect(await body()).toContain(
        'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг, для привязки вашего профиля к учётной записи портала Госуслуг',
      );
      await journey.step('setevoy notice');
      await click('button', 'Продолжить');
      expect(page.url()).toBe(`${gw.url}/link/notice`);
      await journey.step('gateway notice');
      await click('link', 'Продолжить');
      await esiaPersona('Иванов Максим');
      await click('button', 'Предоставить');
      expect(page.url()).toBe(`${gw.url}/link/confirm`);
      await journey.step('gateway confirmation');
      await click('button', 'Привязать');
      expect(await body()).toContain(
        'Отлично! Теперь Вы можете входить в Сетевой Регион. Образование через портал госуслуг',
      );
      await journey.step('gateway success');
      await click('link', 'Перейти в Сетевой Регион. Образование');
      expect(page.url()).toBe(`${gw.setevoy.url}/app/settings/esia-linked`);
      expect(await body()).toContain('связана с учетной записью портала Госуслуг');
      await journey.step('setevoy linked');
      journey.finish();
    });

    it('an unconfirmed Gosuslugi account is not linked: the page says how to confirm it (banks, МФЦ) and leads back to the diary', async () => {
      await page.goto(`${gw.dnevnik.url}/login`);
      await journey.step('dnevnik sign-in page');
      await page.getByLabel('Логин').fill('belov.timur');
      await page.getByLabel('Пароль').fill('Dnevnik-Belov1');
      await click('button', 'Войти');
      await journey.step('dnevnik diary');
      await click('link', 'Личные настройки');
      await journey.step('dnevnik personal settings');
      await click('button', 'Привязать учетную запись портала госуслуг');
      await journey.step('gateway notice');
      await click('link', 'Продолжить');
      await esiaPersona('Смирнов');
      await click('button', 'Предоставить');
      const text = await body();
      expect(text).toContain('Учетная запись Госуслуг не подтверждена');
      for (const way of ['Сбербанк', 'Тинькофф Банк', 'МФЦ', 'паспорт и СНИЛС']) expect(text).toContain(way);
      await journey.step('gateway how to confirm');
      await click('link', 'Вернуться в дневник');
      expect(page.url().startsWith(gw.dnevnik.url)).toBe(true);
      await journey.step('back in the diary');
      const linked = await gw.db.dataSource.query(
        `SELECT 1 FROM links WHERE legacy_user_id = '1000000000000000120'`,
      );
      expect(linked).toHaveLength(0);
      journey.finish();
    });
  },
);
