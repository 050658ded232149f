import {
  backToDiaryOf,
  choiceOf,
  confirmGatewayLogout,
  diaryCsrfOf,
  endGatewaySession,
  linksOf,
} from '../support/diary-relying-party';
import { csrfOf, JourneyBrowser, type Page } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';

/**
 * ЦОП ХМАО-Югры as an OpenID client of the real gateway (provider, journeys, ESIA emulator, PostgreSQL) over
 * HTTP, authenticated by private_key_jwt: the platform has no passwords, so its sign-in is the whole story,
 * and a person found by SNILS is linked when (and only when) the platform redeems its code.
 */
describe('ЦОП ХМАО-Югры signs in through the gateway as an OpenID client', () => {
  let h: JourneyHarness;
  let base: string;
  beforeAll(async () => {
    h = await startJourneyHarness();
    base = h.cop.url;
  });
  afterAll(() => h.close());

  const PARENT = '1860000000000000101';

  /** «Войти через Госуслуги» as `persona`, up to the chooser (or wherever the gateway stops). */
  const esiaSignIn = (browser: JourneyBrowser, persona: string) =>
    h.throughEsia(browser, `${base}/login/esia`, persona);

  /** Chooses in «Вход в систему»; the redirect to the platform's callback is returned, not followed. */
  const choose = (browser: JourneyBrowser, chooser: Page, organization: string, role: string) =>
    browser.follow(chooser.url, {
      form: { _csrf: csrfOf(chooser), choice: choiceOf(chooser, organization, role) },
      stopAt: (u) => u.origin === base,
    });

  /** «Войти через Госуслуги» as `persona`, then `organization` and `role` in the chooser: the redirect back. */
  const signInAs = async (browser: JourneyBrowser, persona: string, organization: string, role: string) =>
    choose(browser, await esiaSignIn(browser, persona), organization, role);

  const journal = (browser: JourneyBrowser) => browser.follow(`${base}/journal`);

  it('a callback carried to another browser is refused and links nothing; the SNILS match is linked when the browser that asked redeems its code', async () => {
    const landing = await new JourneyBrowser().follow(`${base}/`);
    expect(landing.text).toContain('href="/login/esia"');

    const person = new JourneyBrowser();
    const chooser = await esiaSignIn(person, 'parent-two-schools');
    expect(chooser.text).toContain('Вход в систему');
    const callback = (await choose(person, chooser, 'СОШ № 110', 'Родитель')).location!;
    expect(callback).toMatch(new RegExp(`^${base}/oidc/callback\\?code=`));

    const other = new JourneyBrowser();
    await other.follow(`${base}/login/esia`, { stopAt: (u) => u.origin === h.gatewayUrl });
    const refused = await other.follow(callback);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Начните вход заново');
    expect((await journal(other)).url).toBe(`${base}/`);
    expect(await linksOf(h, 'cop-86', PARENT)).toEqual([]);

    const own = await person.follow(callback);
    expect(own.url).toBe(`${base}/journal`);
    expect(await linksOf(h, 'cop-86', PARENT)).toEqual([
      { esia_oid: '1000300001', method: 'snils-match', revoked: false },
    ]);
  });

  it('opens «Электронный журнал» for the organization and role chosen at the gateway, and says how the person signed in', async () => {
    const mother = new JourneyBrowser();
    const atGymnasium = await signInAs(mother, 'parent-two-schools', 'Гимназия № 74', 'Родитель');
    const page = await mother.follow(atGymnasium.location!);
    expect(page.text).toMatch(/<dd>МБОУ «Гимназия № 74»<\/dd>/);
    expect(page.text).toContain('Иванов Максим');
    expect(page.text).not.toContain('Иванова София');
    expect(page.text).toMatch(/<dt>Вход<\/dt>\s*<dd>через портал Госуслуг<\/dd>/);

    const teacher = new JourneyBrowser();
    const asTeacher = await signInAs(teacher, 'teacher-parent', 'СОШ № 110', 'Педагог');
    const teacherPage = await teacher.follow(asTeacher.location!);
    expect(teacherPage.text).toMatch(/<dd>МБОУ «СОШ № 110»<\/dd>\s*<dt>Роль<\/dt>\s*<dd>Педагог<\/dd>/);
    expect(teacherPage.text).toContain('Учитель математики');
  });

  it('after Госуслуги the last redirect carries a v_token, which ЭлЖур getusersvendors redeems for one token per school profile', async () => {
    const mother = new JourneyBrowser();
    const callback = await signInAs(mother, 'parent-two-schools', 'Гимназия № 74', 'Родитель');
    // BetterJournal/EljurAuthUtil esia_auth_service.dart, step 3.4: the Location of /journal-app?v_token=.
    const handOff = await mother.follow(callback.location!, { stopAt: (u) => u.pathname === '/journal-app' });
    const vToken = new URL(handOff.location!).searchParams.get('v_token')!;
    expect(vToken.split('.')).toHaveLength(3);
    // … and step 4: GET apiv3/getusersvendors?out_format=json&v_token=…&auth_token=true, no devkey.
    const query = new URLSearchParams({ out_format: 'json', v_token: vToken, auth_token: 'true' });
    const vendors = (await (await fetch(`${base}/apiv3/getusersvendors?${query}`)).json()) as {
      result: Array<Record<string, string>>;
    };
    expect(vendors.result.map((v) => [v['vendor'], v['vendor_title'], v['user_title']]).sort()).toEqual([
      ['gim74-surgut', 'МБОУ «Гимназия № 74»', 'Елена Иванова'],
      ['sosh110-surgut', 'МБОУ «СОШ № 110»', 'Елена Иванова'],
    ]);
    expect((await mother.follow(handOff.location!)).url).toBe(`${base}/journal`);
  });

  it('«Отказать» at ESIA, then «Вернуться в дневник»: the platform says the sign-in was cancelled', async () => {
    const browser = new JourneyBrowser();
    const refused = await h.throughEsia(browser, `${base}/login/esia`, 'parent-two-schools', 'deny');
    const back = await browser.follow(backToDiaryOf(h, refused));
    expect(back.url).toMatch(new RegExp(`^${base}/oidc/callback\\?error=access_denied`));
    expect(back.status).toBe(403);
    expect(back.text).toContain('Вход через Госуслуги отменён');
    expect((await journal(browser)).url).toBe(`${base}/`);
  });

  it("the gateway's back-channel logout ends the platform session of that sign-in, and no other", async () => {
    const browser = new JourneyBrowser();
    await browser.follow((await signInAs(browser, 'teacher-parent', 'СОШ № 110', 'Педагог')).location!);
    const other = new JourneyBrowser();
    await other.follow((await signInAs(other, 'parent-two-schools', 'СОШ № 110', 'Родитель')).location!);
    expect((await journal(browser)).url).toBe(`${base}/journal`);

    await endGatewaySession(h, browser);
    expect((await journal(browser)).url).toBe(`${base}/`);
    expect((await journal(other)).url).toBe(`${base}/journal`);
  });

  it("«Выйти» ends the platform session and goes on to the gateway's logout, back to the landing page", async () => {
    const browser = new JourneyBrowser();
    const page = await browser.follow(
      (await signInAs(browser, 'teacher-parent', 'СОШ № 110', 'Педагог')).location!,
    );
    const forged = await browser.follow(`${base}/logout`, { form: { csrf: 'forged' }, stopAt: () => true });
    expect(forged.status).toBe(403);
    const out = await browser.follow(`${base}/logout`, {
      form: { csrf: diaryCsrfOf(page) },
      stopAt: (u) => u.origin === h.gatewayUrl,
    });
    const logout = new URL(out.location!);
    expect(logout.pathname).toBe('/oidc/session/end');
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/`);
    expect((await journal(browser)).url).toBe(`${base}/`);
    const back = await confirmGatewayLogout(browser, await browser.follow(logout.href));
    expect(back.url).toBe(`${base}/`);
    expect(back.text).toContain('Цифровая образовательная платформа ХМАО-Югры');
  });
});
