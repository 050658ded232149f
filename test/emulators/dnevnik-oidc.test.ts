import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { DnevnikTestBrowser } from '../../emulators/dnevnik/testing/dnevnik-browser';
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
 * Дневник.ру as an OpenID client of the real gateway (provider, journeys, ESIA emulator, PostgreSQL) over HTTP:
 * sign-in and linking start at the diary, and what the gateway sends back counts only in the browser that
 * asked for it.
 */
describe('Дневник.ру signs in and links through the gateway as an OpenID client', () => {
  let h: JourneyHarness;
  let base: string;
  beforeAll(async () => {
    h = await startJourneyHarness();
    base = h.dnevnik.url;
    // Иванова (parent at both schools) is linked once for the sign-in tests.
    const browser = new JourneyBrowser();
    await passwordSignIn(browser, 'ivanova.elena', 'Dnevnik-Ivanova1');
    const confirm = await throughEsiaFromNotice(browser, await pressLink(browser), 'parent-two-schools');
    await browser.follow(confirm.url, { form: { _csrf: csrfOf(confirm) } });
    expect(await linksOf(h, 'dnevnik-86', ELENA)).toHaveLength(1);
  });
  afterAll(() => h.close());

  const ELENA = '1000000000000000101';
  const MAKSIM = '1000000000000000102';

  async function passwordSignIn(browser: JourneyBrowser, login: string, password: string) {
    const page = await browser.follow(`${base}/login`);
    const res = await browser.follow(`${base}/login`, {
      form: { csrf: diaryCsrfOf(page), login, password },
      stopAt: () => true,
    });
    expect(res.location).toBe(`${base}/userfeed`);
  }

  /** «Личные настройки» → «Привязать…»: the gateway's notice for this interaction. */
  async function pressLink(browser: JourneyBrowser): Promise<Page> {
    const settings = await browser.follow(`${base}/settings`);
    return browser.follow(`${base}/settings/esia-link`, { form: { csrf: diaryCsrfOf(settings) } });
  }

  const throughEsiaFromNotice = (browser: JourneyBrowser, notice: Page, persona: string) =>
    h.throughEsia(browser, new URL('/auth/esia/start?purpose=link', notice.url).href, persona);

  const esiaSignIn = (browser: JourneyBrowser, persona: string) =>
    h.throughEsia(browser, `${base}/login/esia`, persona);

  const choose = (browser: JourneyBrowser, chooser: Page, organization: string, role: string) =>
    browser.follow(chooser.url, {
      form: { _csrf: csrfOf(chooser), choice: choiceOf(chooser, organization, role) },
      stopAt: (u) => u.origin === base,
    });

  const feed = (browser: JourneyBrowser) => browser.follow(`${base}/userfeed`);

  it('«Войти через Госуслуги» starts at the diary and lands signed in at the organization and role chosen at the gateway', async () => {
    expect((await new JourneyBrowser().follow(`${base}/login`)).text).toContain('href="/login/esia"');
    for (const [school, shown] of [
      ['СОШ № 110', 'Вы вошли как: Родитель, МБОУ «СОШ № 110»'],
      ['Гимназия № 74', 'Вы вошли как: Родитель, МБОУ «Гимназия № 74»'],
    ] as const) {
      const browser = new JourneyBrowser();
      const callback = await choose(
        browser,
        await esiaSignIn(browser, 'parent-two-schools'),
        school,
        'Родитель',
      );
      expect(callback.location).toMatch(new RegExp(`^${base}/oidc/callback\\?code=`));
      const page = await browser.follow(callback.location!);
      expect(page.url).toBe(`${base}/userfeed`);
      expect(page.text).toContain('Вы вошли через портал госуслуг');
      expect(page.text.replace(/\s+/g, ' ')).toContain(shown);
    }
  });

  it('refuses a sign-in callback carried to another browser, which stays signed out; the browser that asked still gets in', async () => {
    const attacker = new JourneyBrowser();
    const callback = (
      await choose(attacker, await esiaSignIn(attacker, 'parent-two-schools'), 'СОШ № 110', 'Родитель')
    ).location!;

    const victim = new JourneyBrowser();
    await victim.follow(`${base}/login/esia`, { stopAt: (u) => u.origin === h.gatewayUrl });
    const refused = await victim.follow(callback);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Начните вход заново');
    expect((await feed(victim)).url).toBe(`${base}/login`);

    const own = await attacker.follow(callback);
    expect(own.url).toBe(`${base}/userfeed`);
    expect(own.text).toContain('Иванова Елена Сергеевна');
  });

  it('writes the link only when the diary redeems the code, and shows its own «Отлично!» once', async () => {
    const browser = new JourneyBrowser();
    await passwordSignIn(browser, 'ivanov.maksim', 'Dnevnik-Maksim1');
    const notice = await pressLink(browser);
    expect(notice.url).toMatch(new RegExp(`^${h.gatewayUrl}/interaction/[^/]+/notice$`));
    const confirm = await throughEsiaFromNotice(browser, notice, 'student-15');
    const back = await browser.follow(confirm.url, {
      form: { _csrf: csrfOf(confirm) },
      stopAt: (u) => u.origin === base,
    });
    expect(back.location).toMatch(new RegExp(`^${base}/oidc/callback\\?code=`));
    expect(await linksOf(h, 'dnevnik-86', MAKSIM)).toEqual([]);

    const done = await browser.follow(back.location!);
    expect(done.text).toContain('Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг');
    expect(done.text.match(/Отлично!/g)).toHaveLength(1);
    expect(await linksOf(h, 'dnevnik-86', MAKSIM)).toEqual([
      { esia_oid: '1000300002', method: 'settings-page', revoked: false },
    ]);
    // The same answer again (reload, or a second tab): the request is spent.
    const again = await browser.follow(back.location!);
    expect(again.status).toBe(400);
  });

  it('a link callback carried to another browser is refused there and never written', async () => {
    const before = await linksOf(h, 'dnevnik-86', ELENA);
    const owner = new JourneyBrowser();
    await passwordSignIn(owner, 'ivanova.elena', 'Dnevnik-Ivanova1');
    const confirm = await throughEsiaFromNotice(owner, await pressLink(owner), 'parent-two-schools');
    const back = await owner.follow(confirm.url, {
      form: { _csrf: csrfOf(confirm) },
      stopAt: (u) => u.origin === base,
    });

    const other = new JourneyBrowser();
    await passwordSignIn(other, 'ivanova.elena', 'Dnevnik-Ivanova1');
    const refused = await other.follow(back.location!);
    expect(refused.status).toBe(400);
    expect(await linksOf(h, 'dnevnik-86', ELENA)).toEqual(before);
  });

  it('a pushed link request (request_uri) carried to another browser never writes a link, even when that person passes every check', async () => {
    const MARINA = '1000000000000000108';
    const attacker = new JourneyBrowser();
    await passwordSignIn(attacker, 'sokolova.marina', 'Dnevnik-Sokolova1');
    const settings = await attacker.follow(`${base}/settings`);
    const toGateway = await attacker.follow(`${base}/settings/esia-link`, {
      form: { csrf: diaryCsrfOf(settings) },
      stopAt: (u) => u.origin === h.gatewayUrl,
    });
    expect(toGateway.location).toMatch(/\/oidc\/auth\?.*request_uri=/);

    const victim = new JourneyBrowser();
    const notice = await victim.follow(toGateway.location!);
    const confirm = await throughEsiaFromNotice(victim, notice, 'teacher-parent');
    expect(confirm.url).toMatch(/\/confirm$/);
    const answer = await victim.follow(confirm.url, { form: { _csrf: csrfOf(confirm) } });
    expect(answer.url).toMatch(new RegExp(`^${base}/oidc/callback`));
    expect(answer.status).toBe(400);
    expect(await linksOf(h, 'dnevnik-86', MARINA)).toEqual([]);
  });

  it('an interaction address carried to another browser is refused by the gateway and writes nothing', async () => {
    const before = await linksOf(h, 'dnevnik-86', MAKSIM);
    const attacker = new JourneyBrowser();
    await passwordSignIn(attacker, 'ivanov.maksim', 'Dnevnik-Maksim1');
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
    expect(await linksOf(h, 'dnevnik-86', MAKSIM)).toEqual(before);
  });

  it('«Вернуться в дневник» at the gateway: the diary says the link was cancelled, or the sign-in', async () => {
    const browser = new JourneyBrowser();
    await passwordSignIn(browser, 'nikolaev.egor', 'Dnevnik-Egor1');
    const cancelled = await browser.follow(backToDiaryOf(h, await pressLink(browser)));
    expect(cancelled.url).toMatch(new RegExp(`^${base}/oidc/callback\\?error=access_denied`));
    expect(cancelled.status).toBe(403);
    expect(cancelled.text).toContain('привязка отменена');
    expect(await linksOf(h, 'dnevnik-86', '1000000000000000110')).toEqual([]);

    const signIn = new JourneyBrowser();
    const refusedAtEsia = await h.throughEsia(signIn, `${base}/login/esia`, 'parent-two-schools', 'deny');
    const back = await signIn.follow(backToDiaryOf(h, refusedAtEsia));
    expect(back.status).toBe(403);
    expect(back.text).toContain('Вход через Госуслуги отменён');
    expect((await feed(signIn)).url).toBe(`${base}/login`);
  });

  it("the gateway's back-channel logout ends the diary session of that sign-in, and no other", async () => {
    const browser = new JourneyBrowser();
    await browser.follow(
      (await choose(browser, await esiaSignIn(browser, 'parent-two-schools'), 'СОШ № 110', 'Родитель'))
        .location!,
    );
    const bystander = new JourneyBrowser();
    await passwordSignIn(bystander, 'ivanova.sofia', 'Dnevnik-Sofia1');
    expect((await feed(browser)).url).toBe(`${base}/userfeed`);

    await endGatewaySession(h, browser);
    expect((await feed(browser)).url).toBe(`${base}/login`);
    expect((await feed(bystander)).url).toBe(`${base}/userfeed`);
  });

  it("«Выйти» after a sign-in through the gateway goes on to the gateway's logout and back to the diary", async () => {
    const browser = new JourneyBrowser();
    const page = await browser.follow(
      (await choose(browser, await esiaSignIn(browser, 'parent-two-schools'), 'СОШ № 110', 'Родитель'))
        .location!,
    );
    const out = await browser.follow(`${base}/logout`, {
      form: { csrf: diaryCsrfOf(page) },
      stopAt: (u) => u.origin === h.gatewayUrl,
    });
    const logout = new URL(out.location!);
    expect(logout.pathname).toBe('/oidc/session/end');
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/`);
    expect((await feed(browser)).url).toBe(`${base}/login`);
    const back = await confirmGatewayLogout(browser, await browser.follow(logout.href));
    expect(back.url).toBe(`${base}/login`);
  });
});

describe('Дневник.ру when its gateway does not answer', () => {
  const SILENT_GATEWAY = 'http://127.0.0.1:9';
  let emulator: DnevnikEmulator;
  beforeAll(async () => {
    emulator = await startDnevnikEmulator({
      gateway: { url: SILENT_GATEWAY, instanceId: 'dnevnik-86', oidc: { clientSecret: 'not-used-here' } },
    });
  });
  afterAll(() => emulator.close());

  it('lets forms reach only the diary and the gateway, and starts «Войти через Госуслуги» at the diary', async () => {
    const page = await new DnevnikTestBrowser().get(`${emulator.url}/login`);
    expect(page.text).toContain('href="/login/esia"');
    expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${SILENT_GATEWAY}`);
  });

  it('«Войти через Госуслуги» and «Привязать…» say the portal does not answer, and sign nobody in', async () => {
    const browser = new DnevnikTestBrowser();
    const start = await browser.get(`${emulator.url}/login/esia`);
    expect(start.status).toBe(502);
    expect(start.text).toContain('Портал госуслуг сейчас не отвечает');
    await browser.signIn(emulator.url, 'ivanova.elena', 'Dnevnik-Ivanova1');
    const settings = await browser.get(`${emulator.url}/settings`);
    const pressed = await browser.post(`${emulator.url}/settings/esia-link`, {
      csrf: DnevnikTestBrowser.csrf(settings),
    });
    expect(pressed.status).toBe(502);
    expect(pressed.text).toContain('<h1>Личные настройки</h1>');
  });

  it('refuses a callback this browser never asked for before the gateway is even asked', async () => {
    const browser = new DnevnikTestBrowser();
    const res = await browser.get(`${emulator.url}/oidc/callback?code=carried&state=carried`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Начните вход заново');
    expect((await browser.get(`${emulator.url}/userfeed`)).status).toBe(303);
  });
});
