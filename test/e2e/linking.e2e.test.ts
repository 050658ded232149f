import { startDemoGateway } from './support/demo-gateway';
import { describeWithBrowser } from './support/browser';
import { bodyText, clickThrough, useE2eSuite } from './support/e2e-suite';

/**
 * Flow A in Debian's chromium, as the seed documents tell it: a person signs in to their diary with a password,
 * opens the personal settings, presses «Привязать учетную запись портала госуслуг», signs in at Gosuslugi,
 * grants access and comes back linked. Every page (the diaries', the gateway's, ESIA's) is photographed into
 * test-results/ and checked with axe.
 */
describeWithBrowser(
  'in a real browser: linking a diary account to Gosuslugi (seeds 003, 004, 000/002)',
  () => {
    const s = useE2eSuite(startDemoGateway);

    const body = () => bodyText(s.page);

    const click = (role: 'link' | 'button', name: string) => clickThrough(s.page, role, name);

    /** At the ESIA emulator: «Вход» with the person's phone and password, then the consent page. */
    async function esiaSignIn(phone: string, password: string): Promise<void> {
      expect(s.page.url().startsWith(s.gw.esia.url)).toBe(true);
      expect(await s.page.locator('h1').first().textContent()).toBe('Вход');
      await s.page.getByLabel('Телефон / Email / СНИЛС').fill(phone);
      await s.page.getByLabel('Пароль', { exact: true }).fill(password);
      await s.journey.step('esia sign-in');
      await click('button', 'Войти');
      expect(await s.page.locator('h1').textContent()).toBe('Предоставление прав доступа');
      await s.journey.step('esia consent');
    }

    /** At the ESIA emulator: the demo persona's one-press sign-in, then the consent page. */
    async function esiaPersona(name: string): Promise<void> {
      expect(s.page.url().startsWith(s.gw.esia.url)).toBe(true);
      await s.journey.step('esia persona list');
      const next = s.page.waitForEvent('framenavigated', { predicate: (f) => f === s.page.mainFrame() });
      await s.page.locator('button.persona', { hasText: name }).click();
      await next;
      await s.page.waitForLoadState();
      expect(await s.page.locator('h1').textContent()).toBe('Предоставление прав доступа');
      await s.journey.step('esia consent');
    }

    it('Дневник.ру: «Личные настройки» → «Привязать…» → Госуслуги → «Предоставить» → «Отлично!» → «Перейти в Дневник.ру»; then «Войти через Госуслуги» goes straight in', async () => {
      await s.page.goto(`${s.gw.dnevnik.url}/login`);
      await s.journey.step('dnevnik sign-in page');
      await s.page.getByLabel('Логин').fill('ivanov.maksim');
      await s.page.getByLabel('Пароль').fill('Dnevnik-Maksim1');
      await click('button', 'Войти');
      expect(s.page.url()).toBe(`${s.gw.dnevnik.url}/userfeed`);
      await s.journey.step('dnevnik diary');

      await click('link', 'Личные настройки');
      expect(await s.page.locator('h1').textContent()).toBe('Личные настройки');
      await s.journey.step('dnevnik personal settings');

      await click('button', 'Привязать учетную запись портала госуслуг');
      expect(s.page.url()).toBe(`${s.gw.url}/link/notice`);
      expect(await body()).toContain(
        'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг',
      );
      await s.journey.step('gateway notice');

      await click('link', 'Продолжить');
      await esiaSignIn('+7(913)1000002', 'Student-2026');
      await click('button', 'Предоставить');
      expect(s.page.url()).toBe(`${s.gw.url}/link/confirm`);
      expect(await body()).toContain('Подтвердите привязку');
      expect(await body()).toContain('Иванов Максим');
      await s.journey.step('gateway confirmation');

      await click('button', 'Привязать');
      expect(s.page.url()).toBe(`${s.gw.url}/link/done`);
      expect(await body()).toContain('Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг');
      await s.journey.step('gateway success');

      await click('link', 'Перейти в Дневник.ру');
      expect(s.page.url().startsWith(s.gw.dnevnik.url)).toBe(true);
      expect(await body()).toContain('Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг');
      await s.journey.step('dnevnik linked');

      // Another day: signed out of the diary, the person takes «Войти через Госуслуги» and lands in the diary.
      await click('button', 'Выйти');
      expect(s.page.url()).toBe(`${s.gw.dnevnik.url}/login`);
      await s.journey.step('dnevnik signed out');
      await click('link', 'Войти через Госуслуги');
      expect(s.page.url().startsWith(s.gw.esia.url)).toBe(true);
      if ((await s.page.locator('h1').first().textContent()) === 'Вход')
        await esiaSignIn('+7(913)1000002', 'Student-2026');
      else await s.journey.step('esia consent (still signed in at Gosuslugi)');
      // ESIA → the gateway → the diary: no chooser for one profile, and no second «Привязать».
      await click('button', 'Предоставить');
      await s.page.waitForURL(`${s.gw.dnevnik.url}/userfeed`);
      expect(await body()).toContain('Иванов');
      await s.journey.step('dnevnik diary through Gosuslugi');
      s.journey.finish();
    });

    it('«Сетевой Регион»: the region cascade, «Персональные настройки» → «Привязать учетную запись портала Госуслуг» → «Сейчас вы будете перенаправлены…» (once) → «Продолжить» → Госуслуги → linked', async () => {
      await s.page.goto(`${s.gw.setevoy.url}/`);
      expect(await body()).toContain('Иркутская область');
      await s.journey.step('setevoy sign-in, region');
      // The cascade reloads the page for each level («Выбрать»): it works without JavaScript.
      for (const [label, option] of [
        ['Городской округ / Муниципальный район', 'г. Иркутск'],
        ['Населённый пункт', 'Иркутск'],
        ['Тип ОО', 'Общеобразовательная'],
        ['Образовательная организация', 'МАОУ «Гимназия № 74» г. Иркутска'],
      ] as const) {
        await s.page.getByLabel(label, { exact: true }).selectOption({ label: option });
        await click('button', 'Выбрать');
        await s.journey.step(`setevoy cascade ${label}`);
      }
      await s.page.getByLabel('Пользователь').fill('ivanov.ma');
      await s.page.getByLabel('Пароль', { exact: true }).fill('Maxim-2011');
      await click('button', 'Войти');
      expect(s.page.url()).toBe(`${s.gw.setevoy.url}/app`);
      await s.journey.step('setevoy home');

      await click('link', 'Персональные настройки');
      expect(await s.page.locator('h1').textContent()).toBe('Персональные настройки');
      await s.journey.step('setevoy personal settings');
      await click('link', 'Привязать учетную запись портала Госуслуг');
      expect(await body()).toContain(
        'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг, для привязки вашего профиля к учётной записи портала Госуслуг',
      );
      await s.journey.step('setevoy notice');
      // One notice, as in seed 004: the diary showed it, so the gateway goes straight on to Gosuslugi.
      await click('button', 'Продолжить');
      // The gateway's «Переход на портал Госуслуг» moves on by itself: no second notice to press.
      await s.page.waitForURL((u) => u.toString().startsWith(s.gw.esia.url), { timeout: 10_000 });
      await esiaPersona('Иванов Максим');
      await click('button', 'Предоставить');
      expect(s.page.url()).toBe(`${s.gw.url}/link/confirm`);
      await s.journey.step('gateway confirmation');
      await click('button', 'Привязать');
      expect(await body()).toContain(
        'Отлично! Теперь Вы можете входить в Сетевой Регион. Образование через портал госуслуг',
      );
      await s.journey.step('gateway success');
      await click('link', 'Перейти в Сетевой Регион. Образование');
      expect(s.page.url()).toBe(`${s.gw.setevoy.url}/app/settings/esia-linked`);
      expect(await body()).toContain('связана с учетной записью портала Госуслуг');
      await s.journey.step('setevoy linked');
      s.journey.finish();
    });

    it('an unconfirmed Gosuslugi account is not linked: the page says how to confirm it (banks, МФЦ) and leads back to the diary', async () => {
      await s.page.goto(`${s.gw.dnevnik.url}/login`);
      await s.journey.step('dnevnik sign-in page');
      await s.page.getByLabel('Логин').fill('belov.timur');
      await s.page.getByLabel('Пароль').fill('Dnevnik-Belov1');
      await click('button', 'Войти');
      await s.journey.step('dnevnik diary');
      await click('link', 'Личные настройки');
      await s.journey.step('dnevnik personal settings');
      await click('button', 'Привязать учетную запись портала госуслуг');
      await s.journey.step('gateway notice');
      await click('link', 'Продолжить');
      await esiaPersona('Смирнов');
      await click('button', 'Предоставить');
      const text = await body();
      expect(text).toContain('Учетная запись Госуслуг не подтверждена');
      for (const way of ['Сбербанк', 'Тинькофф Банк', 'МФЦ', 'паспорт и СНИЛС']) expect(text).toContain(way);
      await s.journey.step('gateway how to confirm');
      await click('link', 'Вернуться в дневник');
      expect(s.page.url().startsWith(s.gw.dnevnik.url)).toBe(true);
      await s.journey.step('back in the diary');
      const linked = await s.gw.db.dataSource.query(
        `SELECT 1 FROM links WHERE legacy_user_id = '1000000000000000120'`,
      );
      expect(linked).toHaveLength(0);
      s.journey.finish();
    });
  },
);
