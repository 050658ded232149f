import { startDemoGateway } from './support/demo-gateway';
import { describeWithBrowser } from './support/browser';
import { bodyText, clickThrough, useE2eSuite } from './support/e2e-suite';
import { esiaWithPassword, grantAtEsia } from './support/esia-steps';

/**
 * The fourth diary in Debian's chromium: ЭлЖур-like, connected by configuration alone (config/instances.json
 * eljur-39, adapterKind diary-api: the generic adapter of the published diary API). A teacher signs in with his
 * password, links his Gosuslugi account from «Настройки» through the gateway, the diary learns of the link
 * through its own API (the outbox's link notice), the next day he signs in with «Войти через Госуслуги», and then unlinks (the diary is told again).
 * Every page (the diary's, the gateway's, ESIA's) is photographed into test-results/ and checked with axe.
 */
describeWithBrowser('in a real browser: the fourth diary, added by configuration alone', () => {
  const s = useE2eSuite(startDemoGateway);
  const body = () => bodyText(s.page);
  const click = (role: 'link' | 'button', name: string) => clickThrough(s.page, role, name);
  const esia = () => ({ page: s.page, journey: s.journey, esiaUrl: s.gw.esia.url });
  const interaction = (step: string) => new RegExp(`^${s.gw.url}/interaction/[^/]+/${step}$`);

  it('ЭлЖур: «Настройки» → «Привязать…» → the gateway → Госуслуги → «Подтвердите привязку» → «Отлично!» on the diary’s page; the diary is told through its API; then «Войти через Госуслуги» goes straight in; «Отвязать» the same way', async () => {
    await s.page.goto(`${s.gw.eljur.url}/`);
    expect(await s.page.locator('h1').textContent()).toBe('Вход в ЭлЖур');
    await s.journey.step('eljur sign-in page');
    await s.page.getByLabel('Логин').fill('fedorov.p');
    await s.page.getByLabel('Пароль').fill('Eljur-Fedorov1');
    await click('button', 'Войти');
    expect(s.page.url()).toBe(`${s.gw.eljur.url}/journal`);
    expect(await body()).toContain('МАОУ СОШ № 7');
    await s.journey.step('eljur journal');

    await click('link', 'Настройки');
    expect(await s.page.locator('h1').textContent()).toBe('Настройки');
    expect(await body()).toContain('Привяжите учетную запись портала госуслуг');
    await s.journey.step('eljur settings, not linked');
    await click('button', 'Привязать учетную запись портала госуслуг');
    expect(s.page.url()).toMatch(interaction('notice'));
    expect(await body()).toContain(
      'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг',
    );
    expect(await body()).toContain('ЭлЖур');
    await s.journey.step('gateway notice');

    await click('link', 'Продолжить');
    await esiaWithPassword(esia(), '+7(913)1000014', 'Fedorov-2026');
    await grantAtEsia(esia());
    expect(s.page.url()).toMatch(interaction('confirm'));
    expect(await body()).toContain('Подтвердите привязку');
    expect(await body()).toContain('Федоров Петр');
    await s.journey.step('gateway confirmation');

    await click('button', 'Привязать');
    expect(s.page.url().startsWith(`${s.gw.eljur.url}/oidc/callback?`)).toBe(true);
    expect(await body()).toContain('Отлично! Теперь Вы можете входить в ЭлЖур через портал госуслуг');
    await s.journey.step('eljur linked');
    const links = (await s.gw.db.dataSource.query(
      `SELECT id, esia_oid, method FROM links WHERE instance_id = 'eljur-39' AND legacy_user_id = '39001'`,
    )) as Array<{ id: string; esia_oid: string; method: string }>;
    expect(links.map(({ esia_oid, method }) => ({ esia_oid, method }))).toEqual([
      { esia_oid: '1000300014', method: 'settings-page' },
    ]);

    // The outbox tells the diary through the published API (POST /link-notices), signed with the instance's key.
    expect(s.gw.eljur.linkOf('39001')).toBeNull();
    await s.gw.outbox.runOnce();
    expect(s.gw.eljur.linkOf('39001')).toBe(links[0]!.id);
    await click('link', 'Перейти в ЭлЖур');
    await click('link', 'Настройки');
    expect(await body()).toContain('Учетная запись портала госуслуг привязана.');
    await s.journey.step('eljur settings, linked');

    // Another day: signed out, «Войти через Госуслуги» and straight into the diary (one profile: no chooser).
    await click('button', 'Выйти');
    expect(s.page.url()).toBe(`${s.gw.eljur.url}/`);
    await s.journey.step('eljur signed out');
    await click('link', 'Войти через Госуслуги');
    await esiaWithPassword(esia(), '+7(913)1000014', 'Fedorov-2026');
    await grantAtEsia(esia());
    await s.page.waitForURL(`${s.gw.eljur.url}/journal`);
    expect(await body()).toContain('Здравствуйте, Петр Ильич!');
    expect(await body()).toContain('Вы вошли через портал госуслуг');
    await s.journey.step('eljur journal through Gosuslugi');

    // «Отвязать»: fresh proof at Gosuslugi, the gateway's «Отвязать», the diary's page; the diary is told too.
    await click('link', 'Настройки');
    await click('button', 'Отвязать учетную запись портала госуслуг');
    expect(await body()).toContain('Отвязка учетной записи портала Госуслуг');
    await s.journey.step('gateway unlink notice');
    await click('link', 'Продолжить');
    await esiaWithPassword(esia(), '+7(913)1000014', 'Fedorov-2026');
    await grantAtEsia(esia());
    expect(s.page.url()).toMatch(interaction('unlink'));
    await s.journey.step('gateway unlink confirmation');
    await click('button', 'Отвязать');
    expect(s.page.url().startsWith(`${s.gw.eljur.url}/oidc/callback?`)).toBe(true);
    expect(await body()).toContain('Учетная запись портала госуслуг отвязана.');
    await s.journey.step('eljur unlinked');
    await s.gw.outbox.runOnce();
    expect(s.gw.eljur.linkOf('39001')).toBeNull();
    s.journey.finish();
  });
});
