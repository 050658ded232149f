import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AccessRequestStatusWorker } from '../../src/services/access-request-status-worker';
import { createLogger } from '../../src/logger';
import { AccessRequestSyncRepository } from '../../src/store/access-request-sync.repository';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { startPasswordSignInHarness, type PasswordSignInHarness } from '../support/password-sign-in-harness';
import { describeWithBrowser, JourneyRecorder, launchBrowser } from './support/browser';

/*
 * Seed 000 (ЦОП ХМАО-Югры) and seeds 003/004 (the cutover for password login) walked in Debian's chromium as
 * a person walks them: links and buttons pressed by their Russian text, fields filled by their labels. Every
 * page (the gateway's and the emulators') is photographed into test-results/ and checked with axe.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** A fresh Russian-speaking browser profile with a recorder for the current test. */
async function newJourney(): Promise<{ context: BrowserContext; page: Page; journey: JourneyRecorder }> {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 800 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return {
    context,
    page,
    journey: new JourneyRecorder(page, expect.getState().currentTestName ?? 'journey'),
  };
}

const bodyText = async (page: Page) => (await page.textContent('body')) ?? '';

describeWithBrowser('browser, seed 000 (ЦОП)', () => {
  let h: JourneyHarness;
  let context: BrowserContext;
  let page: Page;
  let journey: JourneyRecorder;

  beforeAll(async () => {
    h = await startJourneyHarness();
  });
  afterAll(() => h?.close());
  beforeEach(async () => {
    ({ context, page, journey } = await newJourney());
  });
  afterEach(() => context.close());

  /** ESIA: the persona's button on «Вход», then «Предоставить» on «Предоставление прав доступа». */
  async function throughEsia(fullName: string): Promise<void> {
    await page.waitForURL((u) => u.origin === h.esia.url);
    // Signed in at ESIA already (its own session): straight to the consent.
    if ((await page.locator('h1').first().textContent()) === 'Вход') {
      await journey.step('esia sign-in');
      await page.locator('button.persona', { hasText: fullName }).click();
      await page.waitForLoadState();
    }
    expect(await page.locator('h1').textContent()).toBe('Предоставление прав доступа');
    await journey.step('esia consent');
    await page.getByRole('button', { name: 'Предоставить' }).click();
    await page.waitForURL((u) => u.origin !== h.esia.url);
  }

  /** The ЦОП landing page → «Войти через Госуслуги» → ESIA as `fullName`; the page after the callback. */
  async function signInAtCop(fullName: string): Promise<void> {
    await page.goto(`${h.cop.url}/`);
    expect(await bodyText(page)).toContain('Цифровая образовательная платформа ХМАО-Югры');
    await journey.step('cop landing');
    await page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await throughEsia(fullName);
  }

  it('a parent with children in two schools is found by SNILS, chooses the school in «Вход в систему» and lands in its «Электронный журнал»', async () => {
    await signInAtCop('Иванова Елена Сергеевна');
    expect(page.url()).toBe(`${h.gatewayUrl}/login/choose`);
    const chooser = await bodyText(page);
    for (const text of [
      'Вход в систему',
      'Выберите необходимые данные',
      'Нет нужной организации',
      'Остаться в системе',
      'Гимназия № 74',
      'СОШ № 110',
    ])
      expect(chooser).toContain(text);
    expect(await page.getByRole('button', { name: 'Войти' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Выйти' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Нет нужной организации' }).count()).toBe(1);
    await journey.step('gateway chooser');

    await page.getByRole('radio', { name: /СОШ № 110/ }).check();
    await page.getByLabel('Остаться в системе').check();
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(`${h.cop.url}/journal`);
    const journal = await bodyText(page);
    expect(journal).toContain('Электронный журнал');
    expect(journal).toContain('Иванова Елена Сергеевна');
    expect(journal).toContain('МБОУ «СОШ № 110»');
    expect(journal).not.toContain('Гимназия № 74');
    await journey.step('cop journal of the chosen school');

    // «Остаться в системе»: signed out of ЦОП, the next «Войти через Госуслуги» goes straight in.
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL(`${h.cop.url}/`);
    await journey.step('cop landing after leaving');
    await page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await page.waitForURL(`${h.cop.url}/journal`);
    expect(await bodyText(page)).toContain('Электронный журнал');
    await journey.step('cop journal again without gosuslugi');
    journey.finish();
  });

  it('«Выйти» on the chooser leaves without entering any school', async () => {
    await signInAtCop('Иванова Елена Сергеевна');
    await journey.step('gateway chooser');
    await page.getByRole('button', { name: 'Выйти' }).click();
    // Out of the gateway and of ESIA: back on the gateway's home page; the next sign-in asks ESIA again.
    await page.waitForURL(`${h.gatewayUrl}/`);
    await journey.step('gateway home after leaving');
    await page.goto(`${h.cop.url}/`);
    await journey.step('cop landing');
    await page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await page.waitForURL((u) => u.origin === h.esia.url);
    expect(await page.locator('h1').first().textContent()).toBe('Вход');
    await journey.step('esia sign-in again');
    journey.finish();
  });

  it('nobody found: «Не удалось найти вашу учетную запись» → «Обратиться в организацию» → the school adds him in ЦОП → his request page says he can sign in, and he does', async () => {
    const poller = new AccessRequestStatusWorker(
      {
        sync: new AccessRequestSyncRepository(h.db.dataSource),
        links: h.deps.links,
        diaries: h.deps.diaries,
        clock: h.clock,
        logger: createLogger({ level: 'info', destination: h.logs }),
      },
      {
        pollMs: 50,
        batchSize: 20,
        leaseMs: 30_000,
        intervalMs: 60_000,
        backoffBaseMs: 60_000,
        backoffMaxMs: 600_000,
      },
    );
    await signInAtCop('Каримов Рустам Шухратович');
    const notFound = await bodyText(page);
    expect(notFound).toContain('Не удалось найти вашу учетную запись');
    await journey.step('gateway not found');
    await page.getByRole('link', { name: 'Обратиться в организацию' }).click();
    await page.waitForURL(`${h.gatewayUrl}/requests/new?reason=profile_missing`);
    expect(await bodyText(page)).toContain('Обращение о проблеме доступа');
    expect(await bodyText(page)).toContain('Каримов Рустам');
    await journey.step('access request form');
    await page.getByLabel(/^Организация/).selectOption({ label: 'МБОУ «СОШ № 110»' });
    await page.getByLabel(/^Кем вы являетесь в организации/).selectOption({
      label: 'Родитель / законный представитель',
    });
    await page.getByLabel('Опишите проблему').fill('Дочь учится в 4 «А», меня нет в личном деле');
    await page.getByLabel('Как с вами связаться').fill('+7(913)1000007');
    await page.getByRole('button', { name: 'Отправить обращение' }).click();
    await page.waitForURL(new RegExp(`^${h.gatewayUrl}/requests/[0-9a-f-]{36}$`));
    const requestUrl = page.url();
    expect(await bodyText(page)).toContain('Обращение принято');
    await journey.step('request sent');

    // The outbox hands the request to ЦОП (its own queue); a staff member of the school resolves it there.
    await h.worker.runOnce();
    await page.goto(`${h.cop.url}/staff/login`);
    await journey.step('cop staff sign-in');
    await page.getByLabel('Логин').fill('sosh110');
    await page.getByLabel('Пароль').fill('Staff110-2026');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(`${h.cop.url}/staff/requests`);
    expect(await bodyText(page)).toContain('Каримов Рустам');
    await journey.step('cop staff queue');
    await page
      .getByRole('row', { name: /Каримов Рустам/ })
      .getByRole('link')
      .click();
    await page.waitForLoadState();
    expect(await bodyText(page)).toContain('Дочь учится в 4 «А»');
    await journey.step('cop staff request');
    await page.getByLabel('Запись в личном деле').selectOption('new:110-2023-0227');
    await page.getByLabel('Комментарий для заявителя').fill('Внесли вас в личное дело');
    await page.getByRole('button', { name: 'Исправить и решить' }).click();
    await page.waitForURL(/\/staff\/requests\?done=/);
    expect(await bodyText(page)).toContain('Профиль создан');
    await journey.step('cop staff resolved');
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL(`${h.cop.url}/staff/login`);
    await journey.step('cop staff signed out');

    // The gateway's status poll (every few minutes in production) runs once here.
    expect(await poller.runOnce()).toBe(1);
    await page.goto(requestUrl);
    const outcome = await bodyText(page);
    expect(outcome).toContain('Заявка рассмотрена');
    expect(outcome).toContain('Теперь вы можете входить через Госуслуги');
    expect(outcome).toContain('Внесли вас в личное дело');
    await journey.step('request outcome');

    await signInAtCop('Каримов Рустам Шухратович');
    await page.waitForURL(`${h.cop.url}/journal`);
    expect(await bodyText(page)).toContain('Электронный журнал');
    expect(await bodyText(page)).toContain('Каримов Рустам');
    await journey.step('cop journal after the resolve');
    journey.finish();
  });
});

/*
 * Seeds 003/004: the gateway's own diary password form (/login/password) under the cutover policy. The clock
 * stands at 22.11.2026: Иванов Максим is 15, Иванова София is 13.
 */
describeWithBrowser('browser, seeds 003/004 (password cutover)', () => {
  let h: PasswordSignInHarness;
  let context: BrowserContext;
  let page: Page;
  let journey: JourneyRecorder;

  beforeAll(async () => {
    h = await startPasswordSignInHarness(new Date('2026-11-22T06:00:00Z'));
  });
  afterAll(() => h?.close());
  beforeEach(async () => {
    ({ context, page, journey } = await newJourney());
  });
  afterEach(() => context.close());

  async function signIn(login: string, password: string): Promise<void> {
    await page.goto(`${h.gatewayUrl}/login/password?instance=dnevnik-86`);
    expect(await bodyText(page)).toContain('Вход по логину и паролю');
    await journey.step('gateway password form');
    await page.getByLabel('Логин').fill(login);
    await page.getByLabel('Пароль').fill(password);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.waitForLoadState();
  }

  it('before the date a 15-year-old sees the information window (date, days left, not linked, «Привязать…») and goes on to the diary', async () => {
    await h.setPolicy('86', { mode: 'enforce', cutoverDate: '2026-12-02' });
    await signIn('ivanov.maksim', 'Dnevnik-Maksim1');
    const window = await bodyText(page);
    expect(window).toContain('Переход на вход через Госуслуги');
    expect(window).toContain('02.12.2026');
    expect(await page.locator('dt:has-text("Осталось дней") + dd').textContent()).toBe('10');
    expect(await page.locator('dt:has-text("привязана") + dd').textContent()).toBe('нет');
    const link = page.getByRole('link', { name: 'Привязать учетную запись портала Госуслуг' });
    expect(await link.getAttribute('href')).toBe(`${h.gatewayUrl}/link/password?instance=dnevnik-86`);
    await journey.step('information window');
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.waitForURL(`${h.dnevnik.url}/userfeed`);
    expect(await bodyText(page)).toContain('Иванов Максим');
    await journey.step('diary');
    journey.finish();
  });

  it('after the date the 15-year-old is refused with «Вход по паролю закрыт» and «Войти через Госуслуги»; the 13-year-old signs in', async () => {
    await h.setPolicy('86', { mode: 'enforce', cutoverDate: '2026-11-01' });
    await signIn('ivanov.maksim', 'Dnevnik-Maksim1');
    const refusal = await bodyText(page);
    expect(refusal).toContain('Вход по паролю закрыт');
    expect(refusal).toContain('01.11.2026');
    expect(await page.getByRole('link', { name: 'Войти через Госуслуги' }).first().getAttribute('href')).toBe(
      `${h.gatewayUrl}/login/esia?instance=dnevnik-86`,
    );
    expect(await page.getByRole('link', { name: 'Привязать учетную запись портала Госуслуг' }).count()).toBe(
      1,
    );
    await journey.step('password closed');

    await signIn('ivanova.sofia', 'Dnevnik-Sofia1');
    await page.waitForURL(`${h.dnevnik.url}/userfeed`);
    expect(await bodyText(page)).toContain('Иванова София');
    await journey.step('diary of the 13-year-old');
    journey.finish();
  });
});
