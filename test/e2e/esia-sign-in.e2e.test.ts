import { startFullGateway } from '../support/full-gateway';
import { describeWithBrowser } from './support/browser';
import { useE2eSuite } from './support/e2e-suite';

/**
 * The ESIA sign-in and the cutover information window in Debian's chromium: every page a person sees (the
 * gateway's and the ESIA emulator's) is photographed into test-results/ and checked with axe.
 */
describeWithBrowser('in a real browser: ESIA sign-in and the information window', () => {
  const s = useE2eSuite(startFullGateway);

  async function toConsent(persona: string): Promise<void> {
    await s.page.goto(`${s.gw.url}/`);
    await s.journey.step('gateway home');
    await s.page.goto(`${s.gw.url}/auth/esia/start?purpose=login`);
    expect(s.page.url().startsWith(s.gw.esia.url)).toBe(true);
    expect(await s.page.locator('h1').first().textContent()).toBe('Вход');
    await s.journey.step('esia persona list');
    await s.page.locator('button.persona', { hasText: persona }).click();
    await s.page.waitForLoadState();
    expect(await s.page.locator('h1').textContent()).toBe('Предоставление прав доступа');
    await s.journey.step('esia consent');
  }

  it('a parent picks her persona, grants «Предоставить» and lands on the gateway signed in', async () => {
    await toConsent('Иванова Елена Сергеевна');
    await s.page.getByRole('button', { name: 'Предоставить' }).click();
    await s.page.waitForLoadState();
    expect(s.page.url().startsWith(`${s.gw.url}/auth/esia/callback`)).toBe(true);
    expect(await s.page.textContent('body')).toContain('Вы вошли как Иванова Елена Сергеевна');
    await s.journey.step('gateway signed in');
    const cookies = await s.context.cookies(s.gw.url);
    expect(cookies.find((c) => c.name === 'elg.sid')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    s.journey.finish();
  });

  it('«Отказать» at ESIA is shown as the person’s refusal, not as a fault', async () => {
    await toConsent('Иванова Елена Сергеевна');
    await s.page.getByRole('button', { name: 'Отказать' }).click();
    await s.page.waitForLoadState();
    const text = (await s.page.textContent('body')) ?? '';
    expect(text).toContain('Вы отказались предоставить доступ');
    expect(text).not.toContain('технической ошибки');
    expect(text).toMatch(/Код обращения в поддержку: [\w-]+/);
    await s.journey.step('gateway refusal page');
    s.journey.finish();
  });

  it('the error pages (unknown address, a callback without state) carry a reference and pass axe', async () => {
    const missing = await s.page.goto(`${s.gw.url}/no-such-page`);
    expect(missing?.status()).toBe(404);
    expect(await s.page.textContent('.reference')).toMatch(/Код обращения в поддержку: \S+/);
    await s.journey.step('gateway 404 page');
    const forged = await s.page.goto(`${s.gw.url}/auth/esia/callback?code=forged`);
    expect(forged?.status()).toBe(400);
    expect(await s.page.textContent('body')).toContain('Начните вход заново');
    await s.journey.step('gateway callback refused');
    s.journey.finish();
  });

  it('the information window before the cutover; after it the 15-year-old is refused and the 13-year-old is not', async () => {
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

    expect(await decide('e2e-15', '2011-03-10')).toMatchObject({ decision: 'warn', daysLeft: 12 });
    await s.page.goto(`${s.gw.url}/info?instance=dnevnik-86`);
    const before = (await s.page.textContent('main, body')) ?? '';
    expect(before).toContain(
      'вход по паролю будет закрыт для пользователей 14 лет и старше (осталось дней: 12)',
    );
    expect(await s.page.getByRole('link', { name: 'Войти через Госуслуги' }).count()).toBe(1);
    await s.journey.step('information window before the cutover');

    s.gw.clock.set(new Date('2026-09-02T08:00:00Z'));
    await s.gw.cutover.policies.announce('86');
    expect(await decide('e2e-15', '2011-03-10')).toMatchObject({ decision: 'deny' });
    expect(await decide('e2e-13', '2013-03-10')).toMatchObject({ decision: 'allow' });
    await s.page.goto(`${s.gw.url}/info?instance=dnevnik-86`);
    expect(await s.page.textContent('body')).toContain(
      'вход по паролю закрыт для пользователей 14 лет и старше',
    );
    await s.journey.step('information window after the cutover');
    s.journey.finish();
    s.gw.clock.set(new Date());
  });
});
