import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFullGateway, type FullGateway } from '../support/full-gateway';
import { describeWithBrowser, JourneyRecorder, launchBrowser } from './support/browser';

/**
 * The ESIA sign-in and the cutover information window in Debian's chromium: every page a person sees (the
 * gateway's and the ESIA emulator's) is photographed into test-results/ and checked with axe.
 */
describeWithBrowser('in a real browser: ESIA sign-in and the information window', () => {
  let gw: FullGateway;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let journey: JourneyRecorder;

  beforeAll(async () => {
    [gw, browser] = await Promise.all([startFullGateway(), launchBrowser()]);
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

  async function toConsent(persona: string): Promise<void> {
    await page.goto(`${gw.url}/`);
    await journey.step('gateway home');
    await page.goto(`${gw.url}/auth/esia/start?purpose=login`);
    expect(page.url().startsWith(gw.esia.url)).toBe(true);
    expect(await page.locator('h1').first().textContent()).toBe('Вход');
    await journey.step('esia persona list');
    await page.locator('button.persona', { hasText: persona }).click();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe('Предоставление прав доступа');
    await journey.step('esia consent');
  }

  it('a parent picks her persona, grants «Предоставить» and lands on the gateway signed in', async () => {
    await toConsent('Иванова Елена Сергеевна');
    await page.getByRole('button', { name: 'Предоставить' }).click();
    await page.waitForLoadState();
    expect(page.url().startsWith(`${gw.url}/auth/esia/callback`)).toBe(true);
    expect(await page.textContent('body')).toContain('Вы вошли как Иванова Елена Сергеевна');
    await journey.step('gateway signed in');
    const cookies = await context.cookies(gw.url);
    expect(cookies.find((c) => c.name === 'elg.sid')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    journey.finish();
  });

  it('«Отказать» at ESIA is shown as the person’s refusal, not as a fault', async () => {
    await toConsent('Иванова Елена Сергеевна');
    await page.getByRole('button', { name: 'Отказать' }).click();
    await page.waitForLoadState();
    const text = (await page.textContent('body')) ?? '';
    expect(text).toContain('Вы отказались предоставить доступ');
    expect(text).not.toContain('технической ошибки');
    expect(text).toMatch(/Код обращения в поддержку: [\w-]+/);
    await journey.step('gateway refusal page');
    journey.finish();
  });

  it('the error pages (unknown address, a callback without state) carry a reference and pass axe', async () => {
    const missing = await page.goto(`${gw.url}/no-such-page`);
    expect(missing?.status()).toBe(404);
    expect(await page.textContent('.reference')).toMatch(/Код обращения в поддержку: \S+/);
    await journey.step('gateway 404 page');
    const forged = await page.goto(`${gw.url}/auth/esia/callback?code=forged`);
    expect(forged?.status()).toBe(400);
    expect(await page.textContent('body')).toContain('Начните вход заново');
    await journey.step('gateway callback refused');
    journey.finish();
  });

  it('the information window before the cutover; after it the 15-year-old is refused and the 13-year-old is not', async () => {
    gw.clock.set(new Date('2026-08-20T08:00:00Z'));
    await gw.setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: '2026-09-01' });
    const decide = async (userId: string, birthDate: string) =>
      (await (
        await gw.vendorFetch(
          'dnevnik-86',
          'POST',
          '/api/vendor/v1/password-login/decision',
          JSON.stringify({ userId, birthDate, roles: ['student'] }),
        )
      ).json()) as { decision: string; daysLeft: number; esiaSignInUrl: string };

    expect(await decide('e2e-15', '2011-03-10')).toMatchObject({ decision: 'warn', daysLeft: 12 });
    await page.goto(`${gw.url}/info?instance=dnevnik-86`);
    const before = (await page.textContent('main, body')) ?? '';
    expect(before).toContain(
      'вход по паролю будет закрыт для пользователей 14 лет и старше (осталось дней: 12)',
    );
    expect(await page.getByRole('link', { name: 'Войти через Госуслуги' }).count()).toBe(1);
    await journey.step('information window before the cutover');

    gw.clock.set(new Date('2026-09-02T08:00:00Z'));
    await gw.cutover.policies.announce('86');
    expect(await decide('e2e-15', '2011-03-10')).toMatchObject({ decision: 'deny' });
    expect(await decide('e2e-13', '2013-03-10')).toMatchObject({ decision: 'allow' });
    await page.goto(`${gw.url}/info?instance=dnevnik-86`);
    expect(await page.textContent('body')).toContain(
      'вход по паролю закрыт для пользователей 14 лет и старше',
    );
    await journey.step('information window after the cutover');
    journey.finish();
    gw.clock.set(new Date());
  });
});
