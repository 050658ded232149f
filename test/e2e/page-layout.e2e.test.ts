import type { Page } from 'playwright-core';
import { startDemoGateway } from './support/demo-gateway';
import { describeWithBrowser } from './support/browser';
import { bodyText, clickThrough, useE2eSuite } from './support/e2e-suite';
import { esiaAsPersona, grantAtEsia } from './support/esia-steps';
import { PageLayouts } from './support/page-layout';
import { chooseIrkutskSchool, GYMNASIUM_74 } from './support/setevoy-region-steps';
import { AccessRequestsRepository } from '../../src/store/access-requests.repository';

/*
 * Issue 18 item 1: every gateway page of every journey, laid out by Debian's chromium at 360 and 1280 px and
 * photographed into test-results/pages/. A page fails on horizontal overflow, a radio or checkbox that is not
 * beside its label's text, one larger than 32 px, buttons of one row with different heights, a text field or
 * textarea narrower than its form, or a fieldset with the browser's grooved border (test/e2e/support/
 * layout-probe.js). The journeys are walked as people walk them, from the diaries' own buttons.
 */
describeWithBrowser('browser, every gateway page at 360 and 1280 px', () => {
  const s = useE2eSuite(startDemoGateway);
  afterEach(() => s.gw?.clock.reset());

  const body = () => bodyText(s.page);
  const click = (role: 'link' | 'button', name: string) => clickThrough(s.page, role, name);
  const esia = () => ({ page: s.page, journey: s.journey, esiaUrl: s.gw.esia.url });
  const layouts = (journey: string) => new PageLayouts(s.page, journey);
  const interaction = (step: string) => new RegExp(`^${s.gw.url}/interaction/[^/]+/${step}$`);

  /**
   * Keeps a page that goes on by itself (a meta refresh) on screen: the next request matching `url` answers
   * 204, which leaves the browser where it is. Returns the undo.
   */
  async function hold(
    page: Page,
    url: string | RegExp | ((u: URL) => boolean),
  ): Promise<() => Promise<void>> {
    const handler = (route: Parameters<Parameters<Page['route']>[1]>[0]) => route.fulfill({ status: 204 });
    await page.route(url, handler);
    return () => page.unroute(url, handler);
  }

  async function signInAtCop(fullName: string): Promise<void> {
    await s.page.goto(`${s.gw.cop.url}/`);
    await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await esiaAsPersona(esia(), fullName);
    await grantAtEsia(esia());
  }

  /** The access request form checked, filled and sent; ends on the request's page. */
  async function sendRequest(pages: PageLayouts, formName: string, organization?: string): Promise<void> {
    await pages.check(formName);
    if (organization) await s.page.getByLabel('Название организации (школы)').fill(organization);
    await s.page.getByLabel('Как с вами связаться').fill('+7(913)1000007');
    await s.page.getByRole('button', { name: 'Отправить обращение' }).click();
    await s.page.waitForURL(new RegExp(`^${s.gw.url}/requests/[0-9a-f-]{36}$`));
  }

  it('sign-in at ЦОП: the chooser, «Нет нужной организации» and its request with the number the school sees, «Вернуться в дневник»; «Выйти» leaves Gosuslugi and returns to ЦОП', async () => {
    const pages = layouts('cop-sign-in');
    await signInAtCop('Иванова Елена Сергеевна');
    expect(s.page.url()).toMatch(interaction('choose'));
    await pages.check('chooser');

    await click('link', 'Нет нужной организации');
    expect(await body()).toContain('Обращение: нет нужной организации');
    await sendRequest(pages, 'request form, organization missing');
    // ЦОП numbers the requests of its own queue: the number comes once the outbox has handed it over.
    expect(await body()).toContain('Номер обращения появится здесь');
    await pages.check('request sent, number pending');
    await s.gw.outbox.runOnce();
    await s.page.reload();
    expect(await body()).toMatch(/Номер обращения ЗД-86-\d{6}/);
    await pages.check('request sent, numbered');
    await click('link', 'Вернуться в дневник');
    expect(new URL(s.page.url()).origin).toBe(s.gw.cop.url);

    await signInAtCop('Иванова Елена Сергеевна');
    expect(s.page.url()).toMatch(interaction('choose'));
    const release2 = await hold(s.page, (u) => u.origin === s.gw.esia.url);
    await s.page.getByRole('button', { name: 'Выйти' }).click();
    await s.page.waitForURL(interaction('leave'));
    expect(await body()).toContain('Выход из системы');
    await pages.check('leaving');
    await release2();
    await s.page.getByRole('link', { name: 'Выйти из портала Госуслуг' }).click();
    await s.page.waitForURL((u) => u.origin === s.gw.cop.url);
    pages.finish();
  });

  it('sign-in at ЦОП with nothing found: one page per cause (no SNILS at Gosuslugi; a SNILS the school lacks) and its request form', async () => {
    const pages = layouts('cop-not-found');
    await signInAtCop('Каримов Рустам Шухратович');
    expect(await body()).toContain('не указан СНИЛС');
    expect(await body()).not.toContain('в школьных данных нет вашего СНИЛС');
    await pages.check('not found, no SNILS');
    await click('link', 'Обратиться в организацию');
    expect(await body()).toContain('Обращение: в учетной записи Госуслуг нет СНИЛС');
    await pages.check('request form, no SNILS');

    await s.context.clearCookies();
    await signInAtCop('Волков Сергей Николаевич');
    expect(await body()).toContain('в школьных данных нет вашего СНИЛС');
    await pages.check('not found, SNILS not in school records');
    await click('link', 'Обратиться в организацию');
    expect(await body()).toContain('Обращение: школьные данные с вашим СНИЛС не найдены');
    await pages.check('request form, SNILS not found');
    pages.finish();
  });

  it('linking and unlinking at «Сетевой Регион»: notice, confirmation, unlink notice and unlink confirmation', async () => {
    const pages = layouts('setevoy-link-unlink');
    await s.page.goto(`${s.gw.setevoy.url}/`);
    await chooseIrkutskSchool(s.page, GYMNASIUM_74);
    await s.page.getByLabel('Пользователь').fill('ivanov.ma');
    await s.page.getByLabel('Пароль', { exact: true }).fill('Maxim-2011');
    await click('button', 'Войти');
    /** «Персональные настройки» → `button` → the gateway's notice → Госуслуги → the gateway's last page. */
    const fromSettings = async (button: string, step: 'link' | 'unlink') => {
      await click('link', 'Персональные настройки');
      await click('button', button);
      expect(s.page.url()).toMatch(interaction('notice'));
      await pages.check(`${step} notice`);
      await click('link', 'Продолжить');
      await esiaAsPersona(esia(), 'Иванов Максим');
      await grantAtEsia(esia());
      expect(s.page.url()).toMatch(interaction(step === 'link' ? 'confirm' : 'unlink'));
      await pages.check(`${step} confirmation`);
    };
    await fromSettings('Привязать учетную запись портала Госуслуг', 'link');
    await click('button', 'Привязать');
    // The diary learns of the link from the gateway's notice (the outbox), and then offers to unlink.
    await s.gw.outbox.runOnce();
    await click('link', 'Перейти в Сетевой Регион');
    await fromSettings('Отвязать учетную запись портала Госуслуг', 'unlink');
    pages.finish();
  });

  it('at Дневник.ру: a refused link (unconfirmed account), the page after ESIA that goes on by itself, and a request kept in the gateway’s own queue with its number and the school’s queue', async () => {
    const pages = layouts('dnevnik');
    const dnevnikSettings = async (login: string, password: string) => {
      await s.page.goto(`${s.gw.dnevnik.url}/login`);
      await s.page.getByLabel('Логин').fill(login);
      await s.page.getByLabel('Пароль').fill(password);
      await click('button', 'Войти');
      await click('link', 'Личные настройки');
    };
    await dnevnikSettings('belov.timur', 'Dnevnik-Belov1');
    await click('button', 'Привязать учетную запись портала госуслуг');
    await click('link', 'Продолжить');
    await esiaAsPersona(esia(), 'Смирнов');
    await grantAtEsia(esia());
    expect(await body()).toContain('Учетная запись Госуслуг не подтверждена');
    await pages.check('link refused, unconfirmed');
    await click('link', 'Вернуться в дневник');

    // Максим links his account; his next «Войти через Госуслуги» shows the page that goes on by itself.
    const link = async (login: string, password: string, fullName: string) => {
      await s.context.clearCookies();
      await dnevnikSettings(login, password);
      await click('button', 'Привязать учетную запись портала госуслуг');
      await click('link', 'Продолжить');
      await esiaAsPersona(esia(), fullName);
      await grantAtEsia(esia());
      await click('button', 'Привязать');
      expect(await body()).toContain('Отлично!');
    };
    await link('ivanov.maksim', 'Dnevnik-Maksim1', 'Иванов Максим');
    await click('link', 'Перейти в Дневник.ру');
    await click('button', 'Выйти');
    const release = await hold(s.page, /\/interaction\/[^/]+\/finish$/);
    await click('link', 'Войти через Госуслуги');
    await esiaAsPersona(esia(), 'Иванов Максим');
    await grantAtEsia(esia());
    expect(await body()).toContain('Вход выполнен');
    await pages.check('signed in, going on to the diary');
    await release();
    // Соколова, a teacher of the school, links hers: she will see the school's queue.
    await link('sokolova.marina', 'Dnevnik-Sokolova1', 'Соколова Марина');

    // Петров is not found at Дневник.ру; Дневник.ру keeps no queue, so the gateway numbers his request.
    await s.context.clearCookies();
    await s.page.goto(`${s.gw.dnevnik.url}/login`);
    await click('link', 'Войти через Госуслуги');
    await esiaAsPersona(esia(), 'Петров Алексей');
    await grantAtEsia(esia());
    await pages.check('not found at Дневник.ру');
    await click('link', 'Обратиться в организацию');
    await sendRequest(pages, 'request form at Дневник.ру', 'МБОУ «СОШ № 110»');
    expect(await body()).toMatch(/Номер обращения ЗД-86-\d{6}/);
    await pages.check('request in the gateway queue, numbered');

    // Дневник.ру lists no schools, so his request names its school in words, which only the region's operators
    // triage; a request that names Соколова's school (as the form sends it where a vendor lists its schools)
    // is in her queue, with its number.
    await new AccessRequestsRepository(s.gw.db.dataSource).create({
      instanceId: 'dnevnik-86',
      organizationId: '1100000000000000110',
      role: 'parent',
      reason: 'profile_missing',
      message: 'Мой СНИЛС не внесен в школьные данные. Сын учится в 7 «Б».',
      contact: '+7(913)1000006',
      esiaOid: null,
      personName: 'Петров Алексей Константинович',
      at: s.gw.clock.now(),
      deliver: false,
    });
    await s.context.clearCookies();
    await s.page.goto(
      `${s.gw.url}/identify?next=${encodeURIComponent('/staff/requests?instance=dnevnik-86')}`,
    );
    await esiaAsPersona(esia(), 'Соколова Марина');
    await grantAtEsia(esia());
    expect(await body()).toContain('Обращения о проблемах доступа');
    expect(await body()).toMatch(/ЗД-86-\d{6} · Петров Алексей/);
    await pages.check('school staff queue');
    pages.finish();
  });

  it('the gateway’s password form (flow C): form, wrong password, information window, password closed, recovery', async () => {
    const pages = layouts('password');
    await s.page.route(`${s.gw.dnevnik.url}/login/esia`, async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      const to = new URL(answer.headers()['location']!);
      to.searchParams.set('login_method', 'password');
      await route.fulfill({ response: answer, headers: { ...answer.headers(), location: to.href } });
    });
    const toForm = async () => {
      await s.page.goto(`${s.gw.dnevnik.url}/login`);
      await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
      await s.page.waitForURL(interaction('password'));
    };
    const signIn = async (password: string) => {
      await s.page.getByLabel('Логин').fill('ivanov.maksim');
      await s.page.getByLabel('Пароль').fill(password);
      await s.page.getByRole('button', { name: 'Войти', exact: true }).click();
      await s.page.waitForLoadState();
    };
    s.gw.clock.set(new Date('2026-11-22T06:00:00Z'));
    await s.gw.setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: '2026-12-02' });
    await toForm();
    await pages.check('password form');
    await signIn('not-his-password');
    expect(await body()).toContain('Неправильный логин или пароль');
    await pages.check('password form, refused');
    await signIn('Dnevnik-Maksim1');
    expect(await body()).toContain('Переход на вход через Госуслуги');
    await pages.check('information window');

    await s.gw.setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: '2026-11-01' });
    await s.context.clearCookies();
    await toForm();
    await signIn('Dnevnik-Maksim1');
    const closed = await body();
    expect(closed).toContain('Вход по паролю закрыт');
    // One sentence says since when: the date is not said twice.
    expect(closed.split('01.11.2026')).toHaveLength(2);
    await pages.check('password closed');

    await toForm();
    await click('link', 'Забыли пароль?');
    expect(await body()).toContain('Восстановление пароля');
    await pages.check('password recovery, closed');
    pages.finish();
  });

  it('pages outside a journey: home, the information window, an error, a page that needs a sign-in, the provider’s error and logout pages', async () => {
    const pages = layouts('standalone');
    await s.page.goto(`${s.gw.url}/`);
    await pages.check('home');
    await s.page.goto(`${s.gw.url}/info?instance=dnevnik-86`);
    await pages.check('information page');
    await s.page.goto(`${s.gw.url}/interaction/no-such-interaction/choose`);
    expect(await body()).toContain('Код обращения в поддержку');
    await pages.check('error page');
    await s.page.goto(`${s.gw.url}/requests/new`);
    expect(await body()).toContain('Войдите через Госуслуги');
    await pages.check('sign-in needed');
    await s.page.goto(`${s.gw.url}/oidc/auth?client_id=nobody&response_type=code&scope=openid`);
    await pages.check('provider error');

    await signInAtCop('Иванов Максим Андреевич');
    await s.page.waitForURL(`${s.gw.cop.url}/journal`);
    await s.page.getByRole('button', { name: 'Выйти' }).click();
    await s.page.waitForURL((u) => u.origin === s.gw.url && u.pathname.startsWith('/oidc/session/end'));
    expect(await body()).toContain('Выйти из электронного дневника?');
    await pages.check('logout');
    pages.finish();
  });
});
