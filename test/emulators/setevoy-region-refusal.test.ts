import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemoGateway } from '../e2e/support/demo-gateway';
import { axeViolations, describeWithBrowser } from '../e2e/support/browser';
import { bodyText, useE2eSuite } from '../e2e/support/e2e-suite';

const PAGES = join(__dirname, '../../test-results/pages');
const DAY = 24 * 60 * 60 * 1000;

/** The page at 360 and at 1280 px wide, into test-results/pages/diary-<name>-<width>.png, nothing wider than the window. */
async function photograph(page: Page, name: string): Promise<void> {
  mkdirSync(PAGES, { recursive: true });
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: join(PAGES, `diary-${name}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate(() => {
      const root = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect({ page: name, width, overflow }).toEqual({ page: name, width, overflow: 0 });
  }
  await page.setViewportSize({ width: 1024, height: 800 });
}

/*
 * Issue 18: the «Сетевой Регион» emulator's own password form after region 38's cutover, when the gateway's
 * decision (asked through the vendor API, HMAC) is deny: the refusal page, in Debian's chromium at 360 and
 * 1280 px. The demo as `npm start` builds it (38's date two weeks ahead), the clock then moved three weeks on.
 */
describeWithBrowser('browser, «Сетевой Регион»: the refusal page after the cutover', () => {
  const s = useE2eSuite(() => startDemoGateway({ demoSeed: true, vendorDecisions: true }));

  async function setevoyPassword(login: string, password: string): Promise<void> {
    await s.page.goto(`${s.gw.setevoy.url}/`);
    await s.page.locator('ul.demo li', { hasText: login }).getByRole('link').first().click();
    await s.page.waitForLoadState();
    await s.page.locator('input[name=UN]').fill(login);
    await s.page.locator('input[type=password]').fill(password);
    await s.page.locator('form[method=post]').getByRole('button', { name: 'Войти', exact: true }).click();
    await s.page.waitForLoadState();
  }

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
    await s.journey.step('setevoy refusal after the cutover');
    await photograph(s.page, 'setevoy-refusal');
    expect(await axeViolations(s.page)).toEqual([]);

    await setevoyPassword('ivanova.sa', 'Соня-2013');
    expect(s.page.url()).toBe(`${s.gw.setevoy.url}/app`);
  });
});
