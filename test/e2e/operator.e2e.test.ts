import { startDemoGateway } from './support/demo-gateway';
import { describeWithBrowser } from './support/browser';
import { bodyText, clickThrough, useE2eSuite } from './support/e2e-suite';

/**
 * Flow F in Debian's chromium: the regional operator signs in to /ops through Gosuslugi, moves the region's
 * cutover date (editor → preview with a reason → confirm) and sees the audit entry; diary users and vendors see
 * the new date at once. Every page is photographed into test-results/ and checked with axe.
 */
describeWithBrowser('in a real browser: an operator moves the cutover date (flow F)', () => {
  const s = useE2eSuite(startDemoGateway);

  const body = () => bodyText(s.page);

  const click = (role: 'link' | 'button', name: string) => clickThrough(s.page, role, name);
  /** The vendor's question for a 15-year-old student of Дневник.ру in region 86. */
  const decide = async () =>
    (await (
      await s.gw.vendorFetch(
        'dnevnik-86',
        'POST',
        '/api/vendor/v1/password-login/decision',
        JSON.stringify({ userId: '1000000000000000102', birthDate: '2011-03-10', roles: ['student'] }),
      )
    ).json()) as { decision: string; daysLeft: number; cutoverDate: string };

  /** The local date in Yekaterinburg (region 86) `days` after the harness clock's today, as yyyy-mm-dd. */
  const dayAfter = (days: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Yekaterinburg' }).format(
      new Date(s.gw.clock.now().getTime() + days * 86_400_000),
    );
  const ru = (iso: string) => iso.split('-').reverse().join('.');

  /** The operator Волков signs in to /ops through Gosuslugi (sign-in page, persona, consent): the regions page. */
  async function signIn(): Promise<void> {
    await s.page.goto(`${s.gw.url}/ops`);
    await s.journey.step('ops sign-in');
    await click('link', 'Войти через Госуслуги');
    if (!s.page.url().startsWith(s.gw.esia.url)) throw new Error(`${s.page.url()}: ${await body()}`);
    await s.journey.step('esia persona list');
    const signedIn = s.page.waitForEvent('framenavigated', { predicate: (f) => f === s.page.mainFrame() });
    await s.page.locator('button.persona', { hasText: 'Волков Сергей' }).click();
    await signedIn;
    await s.page.waitForLoadState();
    expect(await s.page.locator('h1').textContent()).toBe('Предоставление прав доступа');
    await s.journey.step('esia consent');
    await click('button', 'Предоставить');
    await s.page.waitForURL(`${s.gw.url}/ops`);
    expect(await body()).toContain('Ханты-Мансийский автономный округ — Югра');
    await s.journey.step('ops regions');
  }

  it('the regional operator signs in through Gosuslugi, moves the date with a reason (preview, confirm), sees the audit entry; /info and the vendor decision follow', async () => {
    // The clock stays at the real time: the ESIA emulator refuses a request whose timestamp is far off.
    const [announced, moved] = [dayAfter(12), dayAfter(20)];
    // Before: the date announced earlier, and the operator put on the list by an administrator (ops CLI grant).
    await s.gw.setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: announced });
    await s.gw.grantOperator('1000300009', 'Волков Сергей Николаевич', ['86']);
    expect(await decide()).toMatchObject({ decision: 'warn', daysLeft: 12 });

    await signIn();

    await click('link', 'Ханты-Мансийский автономный округ — Югра');
    expect(s.page.url()).toBe(`${s.gw.url}/ops/regions/86`);
    expect(await body()).toContain(`Дата перехода ${ru(announced)}, через 12 дней`);
    await s.journey.step('ops region');
    await click('link', 'Настройки перехода, обходы и исключения');
    expect(s.page.url()).toBe(`${s.gw.url}/ops/regions/86/settings`);
    const dateField = s.page.getByLabel('Дата перехода', { exact: false });
    expect(await dateField.inputValue()).toBe(announced);
    await s.journey.step('ops region settings');

    await dateField.fill(moved);
    await click('button', 'Проверить изменение');
    expect(s.page.url()).toBe(`${s.gw.url}/ops/regions/86/policy/preview`);
    const preview = await body();
    expect(preview).toContain('Проверьте изменение');
    expect(preview).toContain(`Дата перехода ${ru(announced)} ${ru(moved)}`);
    await s.journey.step('ops preview');
    // Nothing is written by the preview.
    expect(await decide()).toMatchObject({ daysLeft: 12 });

    await s.page
      .getByLabel('Причина изменения (обязательно)')
      .fill(`Приказ министерства: перенос на ${ru(moved)}`);
    await click('button', 'Подтвердить');
    expect(s.page.url()).toBe(`${s.gw.url}/ops/regions/86/settings`);
    expect(await s.page.getByLabel('Дата перехода', { exact: false }).inputValue()).toBe(moved);
    // The confirmation names what changed and when it takes effect.
    expect(await s.page.getByRole('status').textContent()).toContain(
      `Дата перехода: ${ru(announced)} → ${ru(moved)}`,
    );
    await s.journey.step('ops region after the change');

    // The region's own «Журнал изменений» (the header has the one of all regions).
    await click('link', '← К состоянию региона');
    await s.journey.step('ops region again');
    await click('link', 'Журнал изменений региона');
    expect(s.page.url()).toBe(`${s.gw.url}/ops/audit?tenant=86`);
    const audit = await body();
    expect(audit).toContain(`Приказ министерства: перенос на ${ru(moved)}`);
    expect(audit).toContain(`${ru(announced)} → ${ru(moved)}`);
    await s.journey.step('ops audit log');

    // What diary users and vendors see now.
    await s.page.goto(`${s.gw.url}/info?instance=dnevnik-86`);
    expect(await body()).toContain(
      `С ${ru(moved)} вход по паролю будет закрыт для пользователей 14 лет и старше (осталось дней: 20)`,
    );
    await s.journey.step('information window with the new date');
    expect(await decide()).toMatchObject({ decision: 'warn', daysLeft: 20 });
    s.journey.finish();
  });

  it('«Сведения о человеке»: the operator sees what the gateway holds about him (his console session, his operator record), ready to erase', async () => {
    await s.gw.grantOperator('1000300009', 'Волков Сергей Николаевич', ['86']);
    await signIn();
    await click('link', 'Сведения о человеке');
    await s.journey.step('ops person lookup');
    await s.page.getByLabel('Идентификатор ЕСИА (номер учётной записи)').fill('1000300009');
    await s.page.getByLabel('Основание (номер и дата заявления, без ФИО)').fill('заявление № 1');
    await click('button', 'Показать сведения');
    const held = await body();
    expect(held).toContain('Оператор консоли: Волков Сергей Николаевич, роль «редактор»');
    // His session of this test, and of the test before if it ran (a session outlives its closed browser).
    expect(held).toMatch(/Сеансы и одноразовые записи в общем хранилище: [12] /);
    expect(await s.page.getByRole('button', { name: 'Удалить данные' }).count()).toBe(1);
    await s.journey.step('ops person export');
    s.journey.finish();
  });
});
