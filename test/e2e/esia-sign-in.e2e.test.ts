import { startDemoGateway } from './support/demo-gateway';
import { describeWithBrowser } from './support/browser';
import { bodyText, useE2eSuite } from './support/e2e-suite';
import { esiaAsPersona, grantAtEsia } from './support/esia-steps';

/**
 * The ESIA sign-in through the gateway's OpenID Provider and the cutover information window, in Debian's
 * chromium: the sign-in starts at the diary's «Войти через Госуслуги» and ends on the diary's own page. Every
 * page a person sees (the diary's, the gateway's, the ESIA emulator's) is photographed into test-results/ and
 * checked with axe.
 */
describeWithBrowser('in a real browser: ESIA sign-in through the provider and the information window', () => {
  const s = useE2eSuite(startDemoGateway);
  const esia = () => ({ page: s.page, journey: s.journey, esiaUrl: s.gw.esia.url });
  afterEach(() => s.gw?.clock.reset());

  /** ЦОП's landing → «Войти через Госуслуги» → ESIA as `fullName`, up to the consent page. */
  async function toConsent(fullName: string): Promise<void> {
    await s.page.goto(`${s.gw.cop.url}/`);
    await s.journey.step('cop landing');
    await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await esiaAsPersona(esia(), fullName);
  }

  it('a student picks his persona, grants «Предоставить», and lands in ЦОП’s journal signed in (one school: no chooser); the provider’s cookies are HttpOnly and SameSite=Lax', async () => {
    await toConsent('Иванов Максим Андреевич');
    await grantAtEsia(esia());
    await s.page.waitForURL(`${s.gw.cop.url}/journal`);
    const journal = await bodyText(s.page);
    expect(journal).toContain('Электронный журнал');
    expect(journal).toContain('Иванов Максим');
    expect(journal).toContain('МБОУ «Гимназия № 74»');
    await s.journey.step('cop journal');
    const cookies = await s.context.cookies(s.gw.url);
    // «Остаться в системе» was not asked: the provider's session lasts as long as the browser does.
    expect(cookies.find((c) => c.name === 'elg.op')).toMatchObject({ expires: -1 });
    for (const c of cookies.filter((c) => c.name.startsWith('elg.')))
      expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // The SNILS match became a link when ЦОП redeemed its code.
    expect(
      await s.gw.db.dataSource.query(
        `SELECT legacy_user_id, method FROM links WHERE instance_id = 'cop-86' AND esia_oid = '1000300002'`,
      ),
    ).toEqual([{ legacy_user_id: '1860000000000000102', method: 'snils-match' }]);
    s.journey.finish();
  });

  it('«Отказать» at ESIA is shown as the person’s refusal, not as a fault', async () => {
    await toConsent('Иванова Елена Сергеевна');
    await s.page.getByRole('button', { name: 'Отказать' }).click();
    await s.page.waitForURL((u) => u.origin !== s.gw.esia.url);
    await s.page.waitForLoadState();
    const text = await bodyText(s.page);
    expect(text).toContain('Вы отказались предоставить доступ');
    expect(text).not.toContain('технической ошибки');
    expect(text).toMatch(/Код обращения в поддержку: [\w-]+/);
    await s.journey.step('gateway refusal page');
    s.journey.finish();
  });

  it('the error pages (unknown address, a callback without state, an unknown diary at the provider) carry a reference and pass axe', async () => {
    const missing = await s.page.goto(`${s.gw.url}/no-such-page`);
    expect(missing?.status()).toBe(404);
    expect(await s.page.textContent('.reference')).toMatch(/Код обращения в поддержку: \S+/);
    await s.journey.step('gateway 404 page');
    const forged = await s.page.goto(`${s.gw.url}/auth/esia/callback?code=forged`);
    expect(forged?.status()).toBe(400);
    expect(await bodyText(s.page)).toContain('Начните вход заново');
    await s.journey.step('gateway callback refused');
    const unknown = await s.page.goto(
      `${s.gw.url}/oidc/auth?client_id=no-such-diary&response_type=code&scope=openid` +
        `&redirect_uri=${encodeURIComponent('https://diary.example.ru/cb')}`,
    );
    expect(unknown?.status()).toBe(400);
    expect(await bodyText(s.page)).toContain(
      'Этот электронный дневник не подключён к входу через портал госуслуг',
    );
    expect(await bodyText(s.page)).toMatch(/Код обращения в поддержку: \S+/);
    await s.journey.step('provider refuses an unknown diary');
    s.journey.finish();
  });

  it('the information window before the cutover; after it the 15-year-old is refused and the 13-year-old is not; «Войти через Госуслуги» there is the diary’s own', async () => {
    s.gw.clock.set(new Date('2026-08-20T08:00:00Z'));
    await s.gw.setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: '2026-09-01' });
    const decide = async (userId: string, birthDate: string) =>
      (await (
        await s.gw.vendorFetch(
          'dnevnik-86',
          'POST',
          '/api/vendor/v1/password-login/decision',
          JSON.stringify({ userId, birthDate, roles: ['student'] }),
        )
      ).json()) as { decision: string; daysLeft: number; esiaSignInUrl: string };

    expect(await decide('e2e-15', '2011-03-10')).toMatchObject({
      decision: 'warn',
      daysLeft: 12,
      esiaSignInUrl: `${s.gw.dnevnik.url}/`,
    });
    await s.page.goto(`${s.gw.url}/info?instance=dnevnik-86`);
    const before = await bodyText(s.page);
    expect(before).toContain(
      'вход по паролю будет закрыт для пользователей 14 лет и старше (осталось дней: 12)',
    );
    const esiaButton = s.page.getByRole('link', { name: 'Войти через Госуслуги' });
    expect(await esiaButton.count()).toBe(1);
    expect(await esiaButton.getAttribute('href')).toBe(`${s.gw.dnevnik.url}/`);
    await s.journey.step('information window before the cutover');

    s.gw.clock.set(new Date('2026-09-02T08:00:00Z'));
    await s.gw.cutover.policies.announce('86');
    expect(await decide('e2e-15', '2011-03-10')).toMatchObject({ decision: 'deny' });
    expect(await decide('e2e-13', '2013-03-10')).toMatchObject({ decision: 'allow' });
    await s.page.goto(`${s.gw.url}/info?instance=dnevnik-86`);
    expect(await bodyText(s.page)).toContain('вход по паролю закрыт для пользователей 14 лет и старше');
    await s.journey.step('information window after the cutover');
    s.journey.finish();
  });
});
