import { startDemoGateway } from '../e2e/support/demo-gateway';
import { axeViolations, describeWithBrowser } from '../e2e/support/browser';
import { bodyText, useE2eSuite } from '../e2e/support/e2e-suite';
import { photographDiaryPage } from '../e2e/support/page-layout';
import { demoPasswordSignIn } from '../e2e/support/setevoy-region-steps';

const DAY = 24 * 60 * 60 * 1000;

/*
 * Issue 18: the «Сетевой Регион» emulator's own password form after region 38's cutover, when the gateway's
 * decision (asked through the vendor API, HMAC) is deny: the refusal page, in Debian's chromium at 360 and
 * 1280 px. The demo as `npm start` builds it (38's date two weeks ahead), the clock then moved three weeks on.
 */
describeWithBrowser('browser, «Сетевой Регион»: the refusal page after the cutover', () => {
  const s = useE2eSuite(() => startDemoGateway({ demoSeed: true, vendorDecisions: true }));

  const setevoyPassword = (login: string, password: string) =>
    demoPasswordSignIn(s.page, s.gw.setevoy.url, login, password);

  it('a 15-year-old’s right password is refused with the gateway’s words and «Войти через Госуслуги»; the 13-year-old still gets in', async () => {
    s.gw.clock.set(new Date(Date.now() + 21 * DAY));
    await setevoyPassword('ivanov.ma', 'Maxim-2011');
    expect(s.page.url()).toBe(`${s.gw.setevoy.url}/`);
    const text = await bodyText(s.page);
    expect(text).toContain('Вход по паролю закрыт');
    expect(text).toMatch(/С \d\d\.\d\d\.\d{4} вход по паролю закрыт для пользователей 14 лет и старше/);
    expect(
      await s.page.locator('.refusal a', { hasText: 'Войти через Госуслуги' }).getAttribute('href'),
    ).toBe('/login/esia');
    // Offered once, in the refusal: not again in the page's own «Войти через Госуслуги» card below it.
    expect(await s.page.locator('a', { hasText: 'Войти через Госуслуги' }).count()).toBe(1);
    await s.journey.step('setevoy refusal after the cutover');
    await photographDiaryPage(s.page, 'setevoy-refusal');
    expect(await axeViolations(s.page)).toEqual([]);

    await setevoyPassword('ivanova.sa', 'Соня-2013');
    expect(s.page.url()).toBe(`${s.gw.setevoy.url}/app`);
  });
});
