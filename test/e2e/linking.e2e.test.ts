import { startDemoGateway } from './support/demo-gateway';
import { describeWithBrowser } from './support/browser';
import { bodyText, clickThrough, useE2eSuite } from './support/e2e-suite';
import { esiaAsPersona, esiaWithPassword, grantAtEsia } from './support/esia-steps';
import { chooseIrkutskSchool, GYMNASIUM_74 } from './support/setevoy-region-steps';

/**
 * Flow A in Debian's chromium through the gateway's OpenID Provider, as the seed documents tell it: a person
 * signs in to their diary with a password, opens the personal settings, presses «Привязать учетную запись
 * портала госуслуг» (the diary pushes the request for its signed-in account and sends the browser to the
 * gateway), signs in at Gosuslugi, grants access, confirms, and is back on the diary's own page, linked: the
 * link is written when the diary redeems its code. Every page (the diaries', the gateway's, ESIA's) is
 * photographed into test-results/ and checked with axe.
 */
describeWithBrowser(
  'in a real browser: linking a diary account to Gosuslugi through the provider (seeds 003, 004)',
  () => {
    const s = useE2eSuite(startDemoGateway);

    const body = () => bodyText(s.page);
    const click = (role: 'link' | 'button', name: string) => clickThrough(s.page, role, name);
    const esia = () => ({ page: s.page, journey: s.journey, esiaUrl: s.gw.esia.url });
    const interaction = (step: string) => new RegExp(`^${s.gw.url}/interaction/[^/]+/${step}$`);
    const linksOf = (instanceId: string, userId: string) =>
      s.gw.db.dataSource.query(
        `SELECT esia_oid, method FROM links WHERE instance_id = $1 AND legacy_user_id = $2`,
        [instanceId, userId],
      ) as Promise<Array<{ esia_oid: string; method: string }>>;

    /** Дневник.ру: «Вход» with login and password, then «Личные настройки». */
    async function dnevnikSettings(login: string, password: string): Promise<void> {
      await s.page.goto(`${s.gw.dnevnik.url}/login`);
      await s.journey.step('dnevnik sign-in page');
      await s.page.getByLabel('Логин').fill(login);
      await s.page.getByLabel('Пароль').fill(password);
      await click('button', 'Войти');
      expect(s.page.url()).toBe(`${s.gw.dnevnik.url}/userfeed`);
      await s.journey.step('dnevnik diary');
      await click('link', 'Личные настройки');
      expect(await s.page.locator('h1').textContent()).toBe('Личные настройки');
      await s.journey.step('dnevnik personal settings');
    }

    it('seed 003, Дневник.ру: «Привязать…» → the gateway’s notice → Госуслуги → «Предоставить» → «Подтвердите привязку» → «Отлично!» on the diary’s page → «Перейти в Дневник.ру»; then «Войти через Госуслуги» goes straight in', async () => {
      await dnevnikSettings('ivanov.maksim', 'Dnevnik-Maksim1');
      await click('button', 'Привязать учетную запись портала госуслуг');
      expect(s.page.url()).toMatch(interaction('notice'));
      expect(await body()).toContain(
        'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг',
      );
      await s.journey.step('gateway notice');

      await click('link', 'Продолжить');
      await esiaWithPassword(esia(), '+7(913)1000002', 'Student-2026');
      await grantAtEsia(esia());
      expect(s.page.url()).toMatch(interaction('confirm'));
      expect(await body()).toContain('Подтвердите привязку');
      expect(await body()).toContain('Иванов Максим');
      await s.journey.step('gateway confirmation');
      // Nothing is written until the diary redeems its code.
      expect(await linksOf('dnevnik-86', '1000000000000000102')).toEqual([]);

      await click('button', 'Привязать');
      // The diary's own success page, once: the gateway has no «done» page of its own.
      expect(s.page.url().startsWith(`${s.gw.dnevnik.url}/oidc/callback?`)).toBe(true);
      expect(await body()).toContain('Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг');
      await s.journey.step('dnevnik linked');
      expect(await linksOf('dnevnik-86', '1000000000000000102')).toEqual([
        { esia_oid: '1000300002', method: 'settings-page' },
      ]);

      await click('link', 'Перейти в Дневник.ру');
      expect(s.page.url()).toBe(`${s.gw.dnevnik.url}/userfeed`);
      await s.journey.step('dnevnik diary after linking');

      // Another day: signed out of the diary, the person takes «Войти через Госуслуги» and lands in the diary.
      await click('button', 'Выйти');
      expect(s.page.url()).toBe(`${s.gw.dnevnik.url}/login`);
      await s.journey.step('dnevnik signed out');
      await click('link', 'Войти через Госуслуги');
      // ESIA still knows him (its own session): straight to the consent.
      await esiaWithPassword(esia(), '+7(913)1000002', 'Student-2026');
      await grantAtEsia(esia());
      // ESIA → the gateway («Вход выполнен», on by itself) → the diary: no chooser for one profile.
      await s.page.waitForURL(`${s.gw.dnevnik.url}/userfeed`);
      expect(await body()).toContain('Иванов Максим');
      expect(await body()).toContain('Вы вошли через портал госуслуг');
      await s.journey.step('dnevnik diary through Gosuslugi');
      s.journey.finish();
    });

    it('seed 004, «Сетевой Регион»: the region cascade, «Персональные настройки» → «Привязать учетную запись портала Госуслуг» → «Сейчас вы будете перенаправлены…» → Госуслуги → «Подтвердите привязку» → linked on the diary’s page', async () => {
      await s.page.goto(`${s.gw.setevoy.url}/`);
      expect(await body()).toContain('Иркутская область');
      await s.journey.step('setevoy sign-in, region');
      // The cascade reloads the page for each level («Выбрать»): it works without JavaScript.
      await chooseIrkutskSchool(s.page, GYMNASIUM_74, (label) => s.journey.step(`setevoy cascade ${label}`));
      await s.page.getByLabel('Пользователь').fill('ivanov.ma');
      await s.page.getByLabel('Пароль', { exact: true }).fill('Maxim-2011');
      await click('button', 'Войти');
      expect(s.page.url()).toBe(`${s.gw.setevoy.url}/app`);
      await s.journey.step('setevoy home');

      await click('link', 'Персональные настройки');
      expect(await s.page.locator('h1').textContent()).toBe('Персональные настройки');
      await s.journey.step('setevoy personal settings');
      await click('button', 'Привязать учетную запись портала Госуслуг');
      expect(s.page.url()).toMatch(interaction('notice'));
      expect(await body()).toContain(
        'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг',
      );
      expect(await body()).toContain('Сетевой Регион. Образование');
      await s.journey.step('gateway notice');
      await click('link', 'Продолжить');
      await esiaAsPersona(esia(), 'Иванов Максим');
      await grantAtEsia(esia());
      expect(s.page.url()).toMatch(interaction('confirm'));
      await s.journey.step('gateway confirmation');
      await click('button', 'Привязать');
      expect(s.page.url().startsWith(`${s.gw.setevoy.url}/oidc/callback?`)).toBe(true);
      expect(await body()).toContain(
        'Отлично! Теперь Вы можете входить в Сетевой Регион. Образование через портал госуслуг',
      );
      await s.journey.step('setevoy linked');
      const [maksim] = (await s.gw.db.dataSource.query(
        `SELECT esia_oid FROM links WHERE instance_id = 'setevoy-38'`,
      )) as Array<{ esia_oid: string }>;
      expect(maksim).toEqual({ esia_oid: '1000300002' });
      await click('link', 'Перейти в Сетевой Регион');
      expect(s.page.url()).toBe(`${s.gw.setevoy.url}/app`);
      await s.journey.step('setevoy home after linking');
      s.journey.finish();
    });

    it('an unconfirmed Gosuslugi account is not linked: the page says how to confirm it (banks, МФЦ), and «Вернуться в дневник» ends on the diary’s page saying nothing was linked', async () => {
      await dnevnikSettings('belov.timur', 'Dnevnik-Belov1');
      await click('button', 'Привязать учетную запись портала госуслуг');
      await s.journey.step('gateway notice');
      await click('link', 'Продолжить');
      await esiaAsPersona(esia(), 'Смирнов');
      await grantAtEsia(esia());
      const text = await body();
      expect(text).toContain('Учетная запись Госуслуг не подтверждена');
      for (const way of ['Сбербанк', 'Тинькофф Банк', 'МФЦ', 'паспорт и СНИЛС']) expect(text).toContain(way);
      await s.journey.step('gateway how to confirm');
      await click('link', 'Вернуться в дневник');
      // The diary hears access_denied with its own state and says so on its settings' refusal page.
      expect(s.page.url().startsWith(`${s.gw.dnevnik.url}/oidc/callback?`)).toBe(true);
      expect(await body()).toContain('Учетная запись портала госуслуг не привязана');
      await s.journey.step('dnevnik: not linked');
      expect(await linksOf('dnevnik-86', '1000000000000000120')).toEqual([]);
      s.journey.finish();
    });
  },
);
