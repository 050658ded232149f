import type { Page } from 'playwright-core';
import { startDemoGateway } from './support/demo-gateway';
import { describeWithBrowser, JourneyRecorder } from './support/browser';
import { bodyText, useE2eSuite } from './support/e2e-suite';
import { esiaAsPersona, grantAtEsia } from './support/esia-steps';

/*
 * The seed journeys of sign-in walked in Debian's chromium through the gateway's OpenID Provider, as a person
 * walks them: each starts at a diary's own «Войти через Госуслуги» and ends on the diary's own pages; links and
 * buttons are pressed by their Russian text, fields filled by their labels. Every page (the diaries', the
 * gateway's, ESIA's) is photographed into test-results/ and checked with axe.
 */
describeWithBrowser('browser, seed journeys of sign-in through the provider', () => {
  const s = useE2eSuite(startDemoGateway);
  afterEach(() => s.gw?.clock.reset());

  const body = () => bodyText(s.page);
  const esia = () => ({ page: s.page, journey: s.journey, esiaUrl: s.gw.esia.url });
  const interaction = (step: string) => new RegExp(`^${s.gw.url}/interaction/[^/]+/${step}$`);

  /** ЦОП's landing → «Войти через Госуслуги» → ESIA as `fullName` → «Предоставить»; the page after ESIA. */
  async function signInAtCop(fullName: string): Promise<void> {
    await s.page.goto(`${s.gw.cop.url}/`);
    expect(await body()).toContain('Цифровая образовательная платформа ХМАО-Югры');
    await s.journey.step('cop landing');
    await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await esiaAsPersona(esia(), fullName);
    await grantAtEsia(esia());
  }

  /**
   * The gateway's «Выйти из электронного дневника?» (RP-initiated logout): out of every diary the session reached,
   * or only out of ЦОП (the gateway keeps the person signed in for the others).
   */
  async function gatewayLogout(answer: 'all' | 'this'): Promise<void> {
    const button = answer === 'all' ? 'Выйти из всех дневников' : 'Выйти только из «ЦОП ХМАО-Югры»';
    await s.page.waitForURL((u) => u.origin === s.gw.url && u.pathname.startsWith('/oidc/session/end'));
    expect(await body()).toContain('Выйти из электронного дневника?');
    expect(await body()).toContain('Вы выходите из «ЦОП ХМАО-Югры»');
    await s.journey.step('gateway logout page');
    await s.page.getByRole('button', { name: button, exact: true }).click();
    await s.page.waitForURL(`${s.gw.cop.url}/`);
    await s.journey.step('cop landing after leaving');
  }

  it('seed 000, ЦОП: a parent with children in two schools is found by SNILS, chooses the school in «Вход в систему» with «Остаться в системе», lands in its «Электронный журнал»; while the gateway keeps her she is back without Gosuslugi; after «Выйти» Gosuslugi asks again', async () => {
    await signInAtCop('Иванова Елена Сергеевна');
    expect(s.page.url()).toMatch(interaction('choose'));
    const chooser = await body();
    for (const text of [
      'Вход в систему',
      'Выберите необходимые данные',
      'Нет нужной организации',
      'Остаться в системе',
      'Гимназия № 74',
      'СОШ № 110',
    ])
      expect(chooser).toContain(text);
    expect(await s.page.getByRole('button', { name: 'Войти' }).count()).toBe(1);
    expect(await s.page.getByRole('button', { name: 'Выйти' }).count()).toBe(1);
    expect(await s.page.getByRole('link', { name: 'Нет нужной организации' }).count()).toBe(1);
    await s.journey.step('gateway chooser');

    await s.page.getByRole('radio', { name: /СОШ № 110/ }).check();
    await s.page.getByLabel('Остаться в системе').check();
    await s.page.getByRole('button', { name: 'Войти' }).click();
    await s.page.waitForURL(`${s.gw.cop.url}/journal`);
    const journal = await body();
    expect(journal).toContain('Электронный журнал');
    expect(journal).toContain('Иванова Елена Сергеевна');
    expect(journal).toContain('МБОУ «СОШ № 110»');
    expect(journal).not.toContain('Гимназия № 74');
    await s.journey.step('cop journal of the chosen school');

    // ЦОП forgets her (its own session ends: another day, a cleared browser): the gateway still knows her, and
    // «Войти через Госуслуги» goes straight back into the same school, without Gosuslugi.
    await s.context.clearCookies({ name: 'COPSESSID' });
    await s.page.goto(`${s.gw.cop.url}/`);
    await s.journey.step('cop landing, signed out');
    await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await s.page.waitForURL(`${s.gw.cop.url}/journal`);
    expect(await body()).toContain('МБОУ «СОШ № 110»');
    await s.journey.step('cop journal again without gosuslugi');

    // «Выйти» everywhere: the gateway's session ends, and the next sign-in goes to Gosuslugi again.
    await s.page.getByRole('button', { name: 'Выйти' }).click();
    await gatewayLogout('all');
    await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await s.page.waitForURL((u) => u.origin === s.gw.esia.url);
    await s.journey.step('esia asks again');
    s.journey.finish();
  });

  it('seed 000, ЦОП, one computer for the family: the son signs in and leaves ЦОП staying signed in at the gateway; his mother signs in on the same browser and enters her school', async () => {
    await signInAtCop('Иванов Максим Андреевич');
    await s.page.waitForURL(`${s.gw.cop.url}/journal`);
    expect(await body()).toContain('Иванов Максим');
    await s.journey.step('cop journal of the son');
    await s.page.getByRole('button', { name: 'Выйти' }).click();
    await gatewayLogout('this');

    // The gateway still holds his session; hers replaces it (the provider posts its own logout form first).
    await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await esiaAsPersona(esia(), 'Иванова Елена Сергеевна');
    await grantAtEsia(esia());
    expect(s.page.url()).toMatch(interaction('choose'));
    await s.page.getByRole('radio', { name: /СОШ № 110/ }).check();
    await s.journey.step('gateway chooser of the mother');
    await s.page.getByRole('button', { name: 'Войти' }).click();
    await s.page.waitForURL(`${s.gw.cop.url}/journal`);
    const journal = await body();
    expect(journal).toContain('Иванова Елена Сергеевна');
    expect(journal).toContain('МБОУ «СОШ № 110»');
    expect(journal).not.toContain('Иванов Максим');
    await s.journey.step('cop journal of the mother');
    s.journey.finish();
  });

  it('seed 000, ЦОП: «Выйти» on the chooser leaves Gosuslugi and enters no school; ЦОП says the sign-in was cancelled, and the next one asks Gosuslugi for the password again', async () => {
    const links = () => s.gw.db.dataSource.query(`SELECT 1 FROM links WHERE instance_id = 'cop-86'`);
    const before = (await links()).length;
    await signInAtCop('Иванова Елена Сергеевна');
    expect(s.page.url()).toMatch(interaction('choose'));
    await s.journey.step('gateway chooser');
    await s.page.getByRole('button', { name: 'Выйти' }).click();
    await s.page.waitForURL((u) => u.origin === s.gw.cop.url);
    await s.page.waitForLoadState();
    expect(await body()).toContain('Вход через Госуслуги отменён');
    await s.journey.step('cop: sign-in cancelled');
    await s.page.goto(`${s.gw.cop.url}/`);
    await s.journey.step('cop landing');
    await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await s.page.waitForURL((u) => u.origin === s.gw.esia.url);
    expect(await s.page.locator('h1').first().textContent()).toBe('Вход');
    await s.journey.step('esia sign-in again');
    expect(await links()).toHaveLength(before);
    s.journey.finish();
  });

  it('seed 000, ЦОП: nobody found → «Не удалось найти вашу учетную запись» → «Обратиться в организацию» → the school adds him in ЦОП → his request page says he can sign in, and he does', async () => {
    await signInAtCop('Каримов Рустам Шухратович');
    expect(await body()).toContain('Не удалось найти вашу учетную запись');
    await s.journey.step('gateway not found');
    await s.page.getByRole('link', { name: 'Обратиться в организацию' }).click();
    await s.page.waitForURL(`${s.gw.url}/requests/new?cause=no_snils`);
    expect(await body()).toContain('Обращение: в учетной записи Госуслуг нет СНИЛС');
    expect(await body()).toContain('Каримов Рустам');
    await s.journey.step('access request form');
    await s.page.getByLabel(/^Организация/).selectOption({ label: 'МБОУ «СОШ № 110»' });
    await s.page.getByLabel(/^Кем вы являетесь в организации/).selectOption({
      label: 'Родитель / законный представитель',
    });
    await s.page.getByLabel('Опишите проблему').fill('Дочь учится в 4 «А», меня нет в личном деле');
    await s.page.getByLabel('Как с вами связаться').fill('+7(913)1000007');
    await s.page.getByRole('button', { name: 'Отправить обращение' }).click();
    await s.page.waitForURL(new RegExp(`^${s.gw.url}/requests/[0-9a-f-]{36}$`));
    const requestUrl = s.page.url();
    expect(await body()).toContain('Обращение принято');
    await s.journey.step('request sent');

    // The outbox hands the request to ЦОП (its own queue); a staff member of the school resolves it there.
    await s.gw.outbox.runOnce();
    await s.page.goto(`${s.gw.cop.url}/staff/login`);
    await s.journey.step('cop staff sign-in');
    await s.page.getByLabel('Логин').fill('sosh110');
    await s.page.getByLabel('Пароль').fill('Staff110-2026');
    await s.page.getByRole('button', { name: 'Войти' }).click();
    await s.page.waitForURL(`${s.gw.cop.url}/staff/requests`);
    expect(await body()).toContain('Каримов Рустам');
    await s.journey.step('cop staff queue');
    await s.page
      .getByRole('row', { name: /Каримов Рустам/ })
      .getByRole('link')
      .click();
    await s.page.waitForLoadState();
    expect(await body()).toContain('Дочь учится в 4 «А»');
    await s.journey.step('cop staff request');
    await s.page.getByLabel('Запись в личном деле').selectOption('new:110-2023-0227');
    await s.page.getByLabel('Комментарий для заявителя').fill('Внесли вас в личное дело');
    await s.page.getByRole('button', { name: 'Исправить и решить' }).click();
    await s.page.waitForURL(/\/staff\/requests\?done=/);
    expect(await body()).toContain('Профиль создан');
    await s.journey.step('cop staff resolved');
    await s.page.getByRole('button', { name: 'Выйти' }).click();
    await s.page.waitForURL(`${s.gw.cop.url}/staff/login`);
    await s.journey.step('cop staff signed out');

    // The gateway's status poll (every few minutes in production) runs once here.
    expect(await s.gw.requestStatus.runOnce()).toBe(1);
    await s.page.goto(requestUrl);
    const outcome = await body();
    expect(outcome).toContain('Заявка рассмотрена');
    expect(outcome).toContain('Теперь вы можете входить через Госуслуги');
    expect(outcome).toContain('Внесли вас в личное дело');
    await s.journey.step('request outcome');

    await signInAtCop('Каримов Рустам Шухратович');
    await s.page.waitForURL(`${s.gw.cop.url}/journal`);
    expect(await body()).toContain('Электронный журнал');
    expect(await body()).toContain('Каримов Рустам');
    await s.journey.step('cop journal after the resolve');
    s.journey.finish();
  });

  it('seed 001, «Сетевой Регион»: a parent links her account once, then «Войти через Госуслуги» → «Вход в систему», «Выберите необходимые данные» → the chosen school opens; «Нет нужной организации» leads to «Обратиться в организацию»', async () => {
    await setevoySignInWithPassword('ivanova.es', 'Мама-2026');
    await s.page.getByRole('link', { name: 'Персональные настройки' }).click();
    await s.page.waitForLoadState();
    await s.journey.step('setevoy personal settings');
    await s.page.getByRole('button', { name: 'Привязать учетную запись портала Госуслуг' }).click();
    await s.page.waitForURL(interaction('notice'));
    await s.journey.step('gateway notice');
    await s.page.getByRole('link', { name: 'Продолжить' }).click();
    await esiaAsPersona(esia(), 'Иванова Елена Сергеевна');
    await grantAtEsia(esia());
    expect(s.page.url()).toMatch(interaction('confirm'));
    await s.journey.step('gateway confirmation');
    await s.page.getByRole('button', { name: 'Привязать', exact: true }).click();
    await s.page.waitForURL((u) => u.origin === s.gw.setevoy.url);
    expect(await body()).toContain('Отлично!');
    await s.journey.step('setevoy linked');
    await s.page.getByRole('button', { name: 'Выход' }).click();
    await s.page.waitForURL(`${s.gw.setevoy.url}/`);
    await s.journey.step('setevoy signed out');

    await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await esiaAsPersona(esia(), 'Иванова Елена Сергеевна');
    await grantAtEsia(esia());
    expect(s.page.url()).toMatch(interaction('choose'));
    const chooser = await body();
    for (const text of [
      'Вход в систему',
      'Выберите необходимые данные',
      'Нет нужной организации',
      'Остаться в системе',
      'Гимназия № 74',
      'СОШ № 110',
    ])
      expect(chooser).toContain(text);
    await s.journey.step('gateway chooser');
    await s.page.getByRole('link', { name: 'Нет нужной организации' }).click();
    await s.page.waitForURL(`${s.gw.url}/requests/new?cause=organization_missing`);
    expect(await body()).toContain('Обращение: нет нужной организации');
    await s.journey.step('access request form');
    await s.page.goBack();
    await s.page.getByRole('radio', { name: /Гимназия № 74/ }).check();
    await s.page.getByRole('button', { name: 'Войти' }).click();
    await s.page.waitForURL(`${s.gw.setevoy.url}/app`);
    const home = await body();
    expect(home).toContain('Иванова Елена Сергеевна');
    expect(home).toContain('МАОУ «Гимназия № 74» г. Иркутска');
    await s.journey.step('setevoy home of the chosen school');
    s.journey.finish();
  });

  /** «Сетевой Регион»: the cascade down to СОШ № 110, then «Пользователь» and «Пароль». */
  async function setevoySignInWithPassword(login: string, password: string): Promise<void> {
    await s.page.goto(`${s.gw.setevoy.url}/`);
    await s.journey.step('setevoy sign-in');
    for (const [label, option] of [
      ['Городской округ / Муниципальный район', 'г. Иркутск'],
      ['Населённый пункт', 'Иркутск'],
      ['Тип ОО', 'Общеобразовательная'],
      ['Образовательная организация', 'МБОУ г. Иркутска СОШ № 110'],
    ] as const) {
      await s.page.getByLabel(label, { exact: true }).selectOption({ label: option });
      await s.page.getByRole('button', { name: 'Выбрать' }).click();
      await s.page.waitForLoadState();
    }
    await s.journey.step('setevoy school chosen');
    await s.page.getByLabel('Пользователь').fill(login);
    await s.page.getByLabel('Пароль', { exact: true }).fill(password);
    await s.page.getByRole('button', { name: 'Войти' }).click();
    await s.page.waitForURL(`${s.gw.setevoy.url}/app`);
    await s.journey.step('setevoy home');
  }
});

/*
 * Seeds 003/004: the cutover for password login, at the gateway's diary password form (flow C: a diary that
 * cannot ask the decision API sends its password sign-ins to the provider with `login_method=password`). The
 * Дневник.ру emulator has no such button of its own (it signs in with passwords itself), so the test adds the
 * parameter to the authorization request its «Войти через Госуслуги» sends the browser with: the diary's own
 * state, nonce and PKCE stay as they are, and the answer comes back to the diary's own callback. The clock
 * stands at 22.11.2026: Иванов Максим is 15, Иванова София is 13.
 */
describeWithBrowser('browser, seeds 003/004 (password cutover at the gateway’s form)', () => {
  const s = useE2eSuite(startDemoGateway);
  afterEach(() => s.gw?.clock.reset());

  /** Дневник.ру's sign-in → «Войти через Госуслуги», asking the provider for its password form. */
  async function toPasswordForm(page: Page, journey: JourneyRecorder): Promise<void> {
    // A redirect's next request is not routed, so the diary's own answer is read and its redirect amended.
    await page.route(`${s.gw.dnevnik.url}/login/esia`, async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      const to = new URL(answer.headers()['location']!);
      to.searchParams.set('login_method', 'password');
      await route.fulfill({ response: answer, headers: { ...answer.headers(), location: to.href } });
    });
    await page.goto(`${s.gw.dnevnik.url}/login`);
    await journey.step('dnevnik sign-in page');
    await page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await page.waitForURL(new RegExp(`^${s.gw.url}/interaction/[^/]+/password$`));
    expect(await bodyText(page)).toContain('Вход по логину и паролю');
    expect(await bodyText(page)).toContain('Дневник.ру');
    await journey.step('gateway password form');
  }

  async function signIn(login: string, password: string): Promise<void> {
    await toPasswordForm(s.page, s.journey);
    await s.page.getByLabel('Логин').fill(login);
    await s.page.getByLabel('Пароль').fill(password);
    await s.page.getByRole('button', { name: 'Войти', exact: true }).click();
    await s.page.waitForLoadState();
  }

  it('before the date a 15-year-old sees the information window (date, days left, not linked, «Привязать…» at the diary) and goes on to the diary', async () => {
    s.gw.clock.set(new Date('2026-11-22T06:00:00Z'));
    await s.gw.setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: '2026-12-02' });
    await signIn('ivanov.maksim', 'Dnevnik-Maksim1');
    const window = await bodyText(s.page);
    expect(window).toContain('Переход на вход через Госуслуги');
    expect(window).toContain('02.12.2026');
    expect(await s.page.locator('dt:has-text("Осталось дней") + dd').textContent()).toBe('10');
    expect(await s.page.locator('dt:has-text("привязана") + dd').textContent()).toBe('нет');
    const link = s.page.getByRole('link', { name: 'Привязать учетную запись портала Госуслуг' });
    expect(await link.first().getAttribute('href')).toBe(`${s.gw.dnevnik.url}/`);
    await s.journey.step('information window');
    await s.page.getByRole('button', { name: 'Продолжить' }).click();
    await s.page.waitForURL(`${s.gw.dnevnik.url}/userfeed`);
    expect(await bodyText(s.page)).toContain('Иванов Максим');
    expect(await bodyText(s.page)).not.toContain('Вы вошли через портал госуслуг');
    await s.journey.step('diary');
    s.journey.finish();
  });

  it('after the date the 15-year-old is refused with «Вход по паролю закрыт» and «Войти через Госуслуги»; the 13-year-old signs in', async () => {
    s.gw.clock.set(new Date('2026-11-22T06:00:00Z'));
    await s.gw.setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: '2026-11-01' });
    await signIn('ivanov.maksim', 'Dnevnik-Maksim1');
    const refusal = await bodyText(s.page);
    expect(refusal).toContain('Вход по паролю закрыт');
    expect(refusal).toContain('01.11.2026');
    expect(
      await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).first().getAttribute('href'),
    ).toMatch(/^\/interaction\/[^/]+\/esia$/);
    expect(
      await s.page.getByRole('link', { name: 'Привязать учетную запись портала Госуслуг' }).count(),
    ).toBe(1);
    await s.journey.step('password closed');
    s.journey.finish();

    // The 13-year-old, in a browser of her own.
    const context = await s.browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 800 } });
    try {
      const page = await context.newPage();
      const journey = new JourneyRecorder(page, `${expect.getState().currentTestName} 13-year-old`);
      await toPasswordForm(page, journey);
      await page.getByLabel('Логин').fill('ivanova.sofia');
      await page.getByLabel('Пароль').fill('Dnevnik-Sofia1');
      await page.getByRole('button', { name: 'Войти', exact: true }).click();
      await page.waitForURL(`${s.gw.dnevnik.url}/userfeed`);
      expect(await bodyText(page)).toContain('Иванова София');
      await journey.step('diary of the 13-year-old');
      journey.finish();
    } finally {
      await context.close();
    }
  });
});
