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
 * «Сетевой Регион. Образование» as an OpenID client of the real gateway (provider, journeys, ESIA emulator,
 * PostgreSQL) over HTTP: sign-in and linking start at the diary, and what the gateway sends back counts only
 * in the browser that asked for it.
 */
describe('«Сетевой Регион» signs in and links through the gateway as an OpenID client', () => {
  let h: JourneyHarness;
  let base: string;
  beforeAll(async () => {
    h = await startJourneyHarness();
    base = h.setevoy.url;
    // Linked once for the sign-in tests: Соколова (teacher at СОШ № 110, parent at Гимназия № 74) and
    // Иванова (parent at both schools).
    for (const [login, password, school, persona, userId] of [
      ['sokolova.mi', 'Учитель-2026', SCHOOL_110, 'teacher-parent', '734005'],
      ['ivanova.es', 'Мама-2026', SCHOOL_74, 'parent-two-schools', '734001'],
    ] as const) {
      const browser = new JourneyBrowser();
      await passwordSignIn(browser, login, password, school);
      const confirm = await throughEsiaFromNotice(browser, await pressLink(browser), persona);
      await browser.follow(confirm.url, { form: { _csrf: csrfOf(confirm) } });
      expect(await linksOf(h, 'setevoy-38', userId)).toHaveLength(1);
    }
  });
  afterAll(() => h.close());

  const SCHOOL_74 = '/?cid=2&sid=38&pid=102&cn=1021&sft=2&scid=3802';
  const SCHOOL_110 = '/?cid=2&sid=38&pid=102&cn=1021&sft=2&scid=3803';

  /** The password form of the sign-in page, at a school of the cascade. */
  async function passwordSignIn(
    browser: JourneyBrowser,
    login: string,
    password: string,
    school = SCHOOL_74,
  ) {
    const page = await browser.follow(`${base}${school}`);
    const cascade = Object.fromEntries(new URLSearchParams(school.slice(2)));
    const res = await browser.follow(`${base}/`, {
      form: { ...cascade, csrf: diaryCsrfOf(page), UN: login, password },
      stopAt: () => true,
    });
    expect(res.location).toBe(`${base}/app`);
  }

  /** «Персональные настройки» → the link (or unlink) button: the gateway's notice for this interaction. */
  async function pressLink(browser: JourneyBrowser, intent: 'link' | 'unlink' = 'link'): Promise<Page> {
    const settings = await browser.follow(`${base}/app/settings`);
    return browser.follow(`${base}/app/settings/esia-${intent}`, { form: { csrf: diaryCsrfOf(settings) } });
  }

  /** ESIA through the gateway from the notice page on; the confirmation page (or a refusal). */
  const throughEsiaFromNotice = (browser: JourneyBrowser, notice: Page, persona: string) =>
    h.throughEsia(browser, new URL('/auth/esia/start?purpose=link', notice.url).href, persona);

  /** «Войти через Госуслуги» as `persona`, up to the chooser (or wherever the gateway stops). */
  const esiaSignIn = (browser: JourneyBrowser, persona: string) =>
    h.throughEsia(browser, `${base}/login/esia`, persona);

  /** Chooses in «Вход в систему»; the redirect to the diary's callback is returned, not followed. */
  const choose = (browser: JourneyBrowser, chooser: Page, organization: string, role: string) =>
    browser.follow(chooser.url, {
      form: { _csrf: csrfOf(chooser), choice: choiceOf(chooser, organization, role) },
      stopAt: (u) => u.origin === base,
    });

  const home = (browser: JourneyBrowser) => browser.follow(`${base}/app`);

  it('«Войти через Госуслуги» starts at the diary and lands signed in at the school and role chosen at the gateway', async () => {
    const signIn = await new JourneyBrowser().follow(`${base}/`);
    expect(signIn.text).toContain('href="/login/esia"');

    const teacher = new JourneyBrowser();
    const chooser = await esiaSignIn(teacher, 'teacher-parent');
    expect(chooser.text).toContain('Вход в систему');
    const callback = await choose(teacher, chooser, 'СОШ № 110', 'Педагог');
    expect(callback.location).toMatch(new RegExp(`^${base}/oidc/callback\\?code=`));
    const asTeacher = await teacher.follow(callback.location!);
    expect(asTeacher.url).toBe(`${base}/app`);
    expect(asTeacher.text).toContain('Здравствуйте, Соколова Марина Игоревна');
    expect(asTeacher.text).toContain('Вы вошли через Госуслуги');
    expect(asTeacher.text).toMatch(
      /<dd>МБОУ г\. Иркутска СОШ № 110<\/dd>\s*<dt>Роль<\/dt>\s*<dd>Учитель<\/dd>/,
    );

    const parent = new JourneyBrowser();
    const other = await choose(
      parent,
      await esiaSignIn(parent, 'teacher-parent'),
      'Гимназия № 74',
      'Родитель',
    );
    const asParent = await parent.follow(other.location!);
    expect(asParent.text).toMatch(
      /<dd>МАОУ «Гимназия № 74» г\. Иркутска<\/dd>\s*<dt>Роль<\/dt>\s*<dd>Родитель<\/dd>/,
    );

    // The same role in two schools: the school is the one chosen, not the account's first.
    const mother = new JourneyBrowser();
    const chosen = await choose(
      mother,
      await esiaSignIn(mother, 'parent-two-schools'),
      'СОШ № 110',
      'Родитель',
    );
    const atSchool110 = await mother.follow(chosen.location!);
    expect(atSchool110.text).toMatch(
      /<dd>МБОУ г\. Иркутска СОШ № 110<\/dd>\s*<dt>Роль<\/dt>\s*<dd>Родитель<\/dd>/,
    );
  });

  it('refuses a sign-in callback carried to another browser, which stays signed out; the browser that asked still gets in', async () => {
    const attacker = new JourneyBrowser();
    const chooser = await esiaSignIn(attacker, 'teacher-parent');
    const callback = (await choose(attacker, chooser, 'СОШ № 110', 'Педагог')).location!;

    const victim = new JourneyBrowser();
    // The victim's own sign-in is under way, with a state of its own: the carried one is still foreign.
    await victim.follow(`${base}/login/esia`, { stopAt: (u) => u.origin === h.gatewayUrl });
    const refused = await victim.follow(callback);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Начните вход заново');
    expect((await home(victim)).url).toBe(`${base}/`);

    const own = await attacker.follow(callback);
    expect(own.url).toBe(`${base}/app`);
    expect(own.text).toContain('Соколова Марина Игоревна');
  });

  it('writes the link only when the diary redeems the code, shows its own «Отлично!», and unlinks the same way', async () => {
    const browser = new JourneyBrowser();
    await passwordSignIn(browser, 'ivanov.ma', 'Maxim-2011');
    const notice = await pressLink(browser);
    expect(notice.url).toMatch(new RegExp(`^${h.gatewayUrl}/interaction/[^/]+/notice$`));
    expect(notice.text).toContain('Сейчас вы будете перенаправлены на страницу авторизации');
    const confirm = await throughEsiaFromNotice(browser, notice, 'student-15');
    const back = await browser.follow(confirm.url, {
      form: { _csrf: csrfOf(confirm) },
      stopAt: (u) => u.origin === base,
    });
    expect(back.location).toMatch(new RegExp(`^${base}/oidc/callback\\?code=`));
    expect(await linksOf(h, 'setevoy-38', '734002')).toEqual([]);

    const done = await browser.follow(back.location!);
    expect(done.status).toBe(200);
    expect(done.text).toContain(
      'Отлично! Теперь Вы можете входить в Сетевой Регион. Образование через портал госуслуг',
    );
    expect(await linksOf(h, 'setevoy-38', '734002')).toEqual([
      { esia_oid: '1000300002', method: 'settings-page', revoked: false },
    ]);

    await h.worker.runOnce(); // the gateway tells the diary (integration API), which shows «Отвязать…»
    const unlinkNotice = await pressLink(browser, 'unlink');
    const unlinkPage = await throughEsiaFromNotice(browser, unlinkNotice, 'student-15');
    expect(unlinkPage.url).toMatch(/\/unlink$/);
    const unlinked = await browser.follow(unlinkPage.url, { form: { _csrf: csrfOf(unlinkPage) } });
    expect(unlinked.text).toContain('Учетная запись портала Госуслуг отвязана');
    expect(await linksOf(h, 'setevoy-38', '734002')).toEqual([
      { esia_oid: '1000300002', method: 'settings-page', revoked: true },
    ]);
  });

  it('a link callback carried to another browser is refused there and never written', async () => {
    const before = await linksOf(h, 'setevoy-38', '734002');
    const owner = new JourneyBrowser();
    await passwordSignIn(owner, 'ivanov.ma', 'Maxim-2011');
    const confirm = await throughEsiaFromNotice(owner, await pressLink(owner), 'student-15');
    const back = await owner.follow(confirm.url, {
      form: { _csrf: csrfOf(confirm) },
      stopAt: (u) => u.origin === base,
    });

    const other = new JourneyBrowser();
    await passwordSignIn(other, 'ivanov.ma', 'Maxim-2011');
    const refused = await other.follow(back.location!);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Начните вход заново');
    expect(await linksOf(h, 'setevoy-38', '734002')).toEqual(before);
  });

  it('a pushed link request (request_uri) carried to another browser never writes a link, even when that person passes every check', async () => {
    const before = await linksOf(h, 'setevoy-38', '734002');
    const attacker = new JourneyBrowser();
    await passwordSignIn(attacker, 'ivanov.ma', 'Maxim-2011');
    const settings = await attacker.follow(`${base}/app/settings`);
    const toGateway = await attacker.follow(`${base}/app/settings/esia-link`, {
      form: { csrf: diaryCsrfOf(settings) },
      stopAt: (u) => u.origin === h.gatewayUrl,
    });
    expect(toGateway.location).toMatch(/\/oidc\/auth\?.*request_uri=/);

    const victim = new JourneyBrowser();
    const notice = await victim.follow(toGateway.location!);
    const confirm = await throughEsiaFromNotice(victim, notice, 'student-15');
    const answer = await victim.follow(confirm.url, { form: { _csrf: csrfOf(confirm) } });
    expect(answer.url).toMatch(new RegExp(`^${base}/oidc/callback`));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('Начните вход заново');
    expect(await linksOf(h, 'setevoy-38', '734002')).toEqual(before);
  });

  it('an interaction address carried to another browser is refused by the gateway and writes nothing', async () => {
    const before = await linksOf(h, 'setevoy-38', '734002');
    const attacker = new JourneyBrowser();
    await passwordSignIn(attacker, 'ivanov.ma', 'Maxim-2011');
    const notice = await pressLink(attacker);
    const interaction = notice.url.replace(/\/notice$/, '');

    const victim = new JourneyBrowser();
    for (const address of [interaction, notice.url]) {
      const page = await victim.follow(address);
      expect(page.status).toBeGreaterThanOrEqual(400);
      expect(page.url.startsWith(h.gatewayUrl)).toBe(true);
    }
    // Nor can the victim's browser start the link's ESIA step: it holds no link journey (refused before ESIA).
    const start = await victim.follow(`${h.gatewayUrl}/auth/esia/start?purpose=link`);
    expect(start.status).toBe(400);
    expect(start.location).toBeNull();
    expect((await victim.follow(`${interaction}/confirm`)).status).toBeGreaterThanOrEqual(400);
    expect(await linksOf(h, 'setevoy-38', '734002')).toEqual(before);
  });

  it('«Вернуться в дневник» at the gateway: the diary says the link was cancelled, or the sign-in', async () => {
    const before = await linksOf(h, 'setevoy-38', '734002');
    const browser = new JourneyBrowser();
    await passwordSignIn(browser, 'ivanov.ma', 'Maxim-2011');
    const notice = await pressLink(browser);
    const cancelled = await browser.follow(backToDiaryOf(h, notice));
    expect(cancelled.url).toMatch(new RegExp(`^${base}/oidc/callback\\?error=access_denied`));
    expect(cancelled.status).toBe(403);
    expect(cancelled.text).toContain('привязка отменена');
    expect(await linksOf(h, 'setevoy-38', '734002')).toEqual(before);

    const signIn = new JourneyBrowser();
    const refusedAtEsia = await h.throughEsia(signIn, `${base}/login/esia`, 'teacher-parent', 'deny');
    const back = await signIn.follow(backToDiaryOf(h, refusedAtEsia));
    expect(back.status).toBe(403);
    expect(back.text).toContain('Вход через Госуслуги отменён');
    expect((await home(signIn)).url).toBe(`${base}/`);
  });

  it("the gateway's back-channel logout ends the diary session of that sign-in; a forged logout token is refused", async () => {
    const browser = new JourneyBrowser();
    const chooser = await esiaSignIn(browser, 'teacher-parent');
    await browser.follow((await choose(browser, chooser, 'СОШ № 110', 'Педагог')).location!);
    const bystander = new JourneyBrowser();
    await passwordSignIn(bystander, 'ivanova.sa', 'Соня-2013', SCHOOL_110);

    const forged = await fetch(`${base}/oidc/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: 'eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0.' }).toString(),
    });
    expect(forged.status).toBe(400);
    expect((await home(browser)).url).toBe(`${base}/app`);

    await endGatewaySession(h, browser);
    expect((await home(browser)).url).toBe(`${base}/`);
    expect((await home(bystander)).url).toBe(`${base}/app`);
  });

  it("«Выход» after a sign-in through the gateway goes on to the gateway's logout and back to the diary", async () => {
    const browser = new JourneyBrowser();
    const chooser = await esiaSignIn(browser, 'teacher-parent');
    const page = await browser.follow((await choose(browser, chooser, 'СОШ № 110', 'Педагог')).location!);
    const out = await browser.follow(`${base}/logout`, {
      form: { csrf: diaryCsrfOf(page) },
      stopAt: (u) => u.origin === h.gatewayUrl,
    });
    const logout = new URL(out.location!);
    expect(logout.pathname).toBe('/oidc/session/end');
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/`);
    expect(logout.searchParams.get('id_token_hint')).toBeTruthy();
    expect((await home(browser)).url).toBe(`${base}/`);

    const confirm = await browser.follow(logout.href);
    expect(confirm.text).toContain('Выйти из электронного дневника?');
    const back = await confirmGatewayLogout(browser, confirm);
    expect(back.url).toBe(`${base}/`);
  });
});
