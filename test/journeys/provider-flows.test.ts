import { JourneyBrowser, csrfOf } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { rows } from '../support/journey-steps';

const ELENA = { login: 'ivanova.elena', password: 'Dnevnik-Ivanova1', userId: '1000000000000000101' };

describe('the diaries sign in and link through the gateway as an OpenID Provider', () => {
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await startJourneyHarness();
  });
  afterAll(() => h.close());

  it('links from the diary settings, then signs in with ESIA', async () => {
    const browser = new JourneyBrowser();
    const base = h.dnevnik.url;
    const loginPage = await browser.follow(`${base}/login`);
    const csrf = /name="csrf"\s+value="([^"]+)"/.exec(loginPage.text)![1]!;
    await browser.follow(`${base}/login`, {
      form: { csrf, login: ELENA.login, password: ELENA.password },
      stopAt: () => true,
    });
    const settings = await browser.follow(`${base}/settings`);
    const settingsCsrf = /name="csrf"\s+value="([^"]+)"/.exec(settings.text)![1]!;
    const notice = await browser.follow(`${base}/settings/esia-link`, { form: { csrf: settingsCsrf } });
    expect(notice.url).toMatch(/\/interaction\/[^/]+\/notice$/);
    const confirm = await h.throughEsia(
      browser,
      `${h.gatewayUrl}/auth/esia/start?purpose=link`,
      'parent-two-schools',
    );
    expect(confirm.url).toMatch(/\/confirm$/);
    expect(await rows(h, 'SELECT 1 FROM links')).toHaveLength(0);
    const done = await browser.follow(confirm.url, { form: { _csrf: csrfOf(confirm) } });
    expect(done.text).toContain('Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг');
    expect(await rows(h, 'SELECT legacy_user_id, method FROM links')).toEqual([
      { legacy_user_id: ELENA.userId, method: 'settings-page' },
    ]);

    const signIn = new JourneyBrowser();
    const page = await h.throughEsia(signIn, `${base}/login/esia`, 'parent-two-schools');
    expect(page.url).toMatch(/\/choose$/);
    const chosen = await signIn.follow(page.url, {
      form: { _csrf: csrfOf(page), choice: '1' },
      stopAt: (u) => u.origin !== h.gatewayUrl,
    });
    expect(chosen.location).toMatch(new RegExp(`^${base}/oidc/callback\\?code=`));
    const feed = await signIn.follow(chosen.location!);
    expect(feed.text).toContain('Вы вошли через портал госуслуг');
  });
});
