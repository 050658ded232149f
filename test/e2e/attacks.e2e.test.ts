import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadDnevnikData } from '../../emulators/dnevnik/dnevnik.fixture';
import { startDemoGateway, type DemoGateway } from './support/demo-gateway';
import { CHROMIUM_ARGS, CHROMIUM_PATH, describeWithBrowser, JourneyRecorder } from './support/browser';
import { JOURNEY_TIMEOUT_MS } from './support/e2e-suite';
import { esiaAsPersona, grantAtEsia } from './support/esia-steps';

/*
 * The attacks of issue 16 and the older web attacks (issue 6) in Debian's chromium, against the demo with the
 * gateway as the diaries' OpenID Provider. Attacker and victim each have a browser context of their own
 * (separate cookie jars); the attacker's pages live on another site (http://attacker.test, mapped to 127.0.0.1
 * by chromium's resolver), so the browser applies SameSite, CSP frame-ancestors and the rest as in the wild.
 * Each attack says what the victim's diary shows and what the database holds afterwards.
 */
const ATTACKER_HOST = 'attacker.test';

/** Иванов Максим's Дневник.ру account and ESIA oid (persona student-15): one school, so no chooser. */
const MAKSIM = { userId: '1000000000000000102', oid: '1000300002' };
/**
 * The attacker's own Дневник.ру account in the link CSRF: it carries the victim's name (a namesake, or an
 * account a school's staff member set up), so the second guard, the name comparison, lets it through and only
 * the binding to the browser can stop the attack. The school holds no birth date and Дневник.ру no SNILS.
 */
const NAMESAKE = { login: 'ivanova.e', password: 'Namesake-2026', userId: '1000000000000000199' };

describeWithBrowser('attacks on the hand-off to the diaries, in two browsers', () => {
  jest.setTimeout(JOURNEY_TIMEOUT_MS);
  let gw: DemoGateway;
  let browser: Browser;
  let attackerSite: Server;
  let attackerUrl: string;
  /** What the attacker's site serves at /: set by each test. */
  let attackerPage = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const data = loadDnevnikData();
    const elena = data.people.find((p) => p.login === 'ivanova.elena')!;
    data.people.push({
      ...elena,
      personId: '1000000000000000299',
      userId: NAMESAKE.userId,
      personaId: null,
      birthDate: null,
      login: NAMESAKE.login,
      password: NAMESAKE.password,
      childPersonIds: [],
    });
    [gw, browser] = await Promise.all([
      startDemoGateway({ dnevnikData: data }),
      chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${ATTACKER_HOST} 127.0.0.1`],
      }),
    ]);
    attackerSite = createServer((req, res) => {
      const body =
        req.url === '/control' ? html('Своя страница', '<h1>Своя страница сайта</h1>') : attackerPage;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    });
    await new Promise<void>((resolve) => attackerSite.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://${ATTACKER_HOST}:${(attackerSite.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attackerSite?.close(resolve));
    await gw?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  /** A person with a browser of their own: context (cookie jar), page and journey recorder. */
  async function person(label: string) {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 800 } });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    const journey = new JourneyRecorder(page, `${label} ${expect.getState().currentTestName ?? 'attack'}`);
    return { context, page, journey, esia: { page, journey, esiaUrl: gw.esia.url } };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  const bodyText = async (page: Page) => ((await page.textContent('body')) ?? '').replace(/\s+/g, ' ');
  const linksOfAccount = (userId: string) =>
    gw.db.dataSource.query(
      `SELECT esia_oid, revoked_at IS NOT NULL AS revoked FROM links
        WHERE instance_id = 'dnevnik-86' AND legacy_user_id = $1`,
      [userId],
    ) as Promise<Array<{ esia_oid: string; revoked: boolean }>>;

  /** The attacker's site shows one link to `url`, and the victim's browser follows it from there. */
  async function victimFollows(victim: Person, url: string, text: string): Promise<void> {
    attackerPage = html('Оценки', `<h1>Новая оценка</h1><p><a href="${escapeAttr(url)}">${text}</a></p>`);
    await victim.page.goto(attackerUrl);
    await victim.journey.step('attacker page');
    await victim.page.getByRole('link', { name: text }).click();
    await victim.page.waitForURL((u) => u.origin !== new URL(attackerUrl).origin);
    await victim.page.waitForLoadState();
  }

  /** Дневник.ру: «Вход» with login and password. */
  async function dnevnikSignIn(p: Person, login: string, password: string): Promise<void> {
    await p.page.goto(`${gw.dnevnik.url}/login`);
    await p.journey.step('dnevnik sign-in');
    await p.page.getByLabel('Логин').fill(login);
    await p.page.getByLabel('Пароль').fill(password);
    await p.page.getByRole('button', { name: 'Войти', exact: true }).click();
    await p.page.waitForURL(`${gw.dnevnik.url}/userfeed`);
    await p.journey.step('dnevnik signed in');
  }

  /** The redeemer's side of the code: the gateway's token endpoint, as Дневник.ру's backend calls it. */
  async function redeemAtGateway(
    code: string,
    verifier: string | null,
  ): Promise<{ status: number; error?: string }> {
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${gw.dnevnik.url}/oidc/callback`,
      ...(verifier === null ? {} : { code_verifier: verifier }),
    });
    const basic = Buffer.from(`dnevnik-86:${gw.clientSecrets['dnevnik-86']}`).toString('base64');
    const response = await fetch(`${gw.url}/oidc/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    const answer = (await response.json()) as { error?: string };
    return { status: response.status, ...(answer.error ? { error: answer.error } : {}) };
  }

  it('login CSRF at the hand-off: the attacker’s authorization response opened in the victim’s browser is refused by the diary (state), and the code without the diary’s PKCE verifier by the gateway; in the attacker’s own browser the same address signs him in', async () => {
    // The attacker (Иванов Максим, linked earlier) signs in at Дневник.ру through Gosuslugi as himself and stops
    // before the last redirect, keeping the authorization response that would have reached his diary.
    await gw.linkedEarlier('dnevnik-86', MAKSIM.userId, MAKSIM.oid);
    const attacker = await person('attacker');
    let keep: (url: string) => void = () => undefined;
    const captured = new Promise<string>((resolve) => (keep = resolve));
    await attacker.context.route(
      (u) => u.origin === gw.url && /^\/interaction\/[^/]+\/finish$/.test(u.pathname),
      async (route) => {
        // The finish step answers with the provider's resume address and its resume cookie; the resume step
        // answers with the redirect to the diary, which the attacker's browser then never follows.
        const finish = await route.fetch({ maxRedirects: 0 });
        const resume = new URL(finish.headers()['location']!, gw.url);
        // The fetch stored the resume cookie in the attacker's cookie jar; the next fetch must carry it.
        const cookies = (await attacker.context.cookies(resume.href)).map((c) => `${c.name}=${c.value}`);
        const toDiary = await route.fetch({
          url: resume.href,
          method: 'GET',
          headers: { ...route.request().headers(), cookie: cookies.join('; ') },
          maxRedirects: 0,
        });
        keep(toDiary.headers()['location']!);
        await route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: html('Остановлено', '<h1>Адрес возврата сохранён</h1>'),
        });
      },
    );
    await attacker.page.goto(`${gw.dnevnik.url}/login`);
    await attacker.journey.step('dnevnik sign-in');
    await attacker.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await esiaAsPersona(attacker.esia, 'Иванов Максим Андреевич');
    await grantAtEsia(attacker.esia);
    const response = new URL(await captured);
    await attacker.page.waitForLoadState();
    await attacker.journey.step('attacker keeps the authorization response');
    expect(`${response.origin}${response.pathname}`).toBe(`${gw.dnevnik.url}/oidc/callback`);
    const code = response.searchParams.get('code')!;
    expect(code).toBeTruthy();
    expect(response.searchParams.get('state')).toBeTruthy();

    // The gateway: without the verifier that only the attacker's diary session holds, the code is worthless.
    expect(await redeemAtGateway(code, null)).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await redeemAtGateway(code, 'a'.repeat(43))).toEqual({ status: 400, error: 'invalid_grant' });

    // The victim's browser opens the address from the attacker's site: her diary has no such state and refuses.
    const victim = await person('victim');
    await victimFollows(victim, response.href, 'Посмотреть оценку ребёнка');
    expect(victim.page.url()).toBe(response.href);
    const refused = await bodyText(victim.page);
    expect(refused).toContain(
      'Ссылка для входа устарела или открыта в другом браузере. Начните вход заново.',
    );
    expect(refused).not.toContain('Иванов');
    await victim.journey.step('dnevnik refuses the foreign response');
    // Not signed in as the attacker (nor at all): the diary sends her to its sign-in page.
    await victim.page.goto(`${gw.dnevnik.url}/userfeed`);
    expect(victim.page.url()).toBe(`${gw.dnevnik.url}/login`);
    expect(await victim.page.getByRole('button', { name: 'Выйти' }).count()).toBe(0);
    await victim.journey.step('victim not signed in');
    victim.journey.finish();
    // The database: the attacker's own link, and nothing else.
    expect(await gw.db.dataSource.query(`SELECT legacy_user_id, esia_oid FROM links`)).toEqual([
      { legacy_user_id: MAKSIM.userId, esia_oid: MAKSIM.oid },
    ]);

    // Control: the same address in the browser that asked for it is a valid sign-in (nothing above spent it).
    await attacker.context.unrouteAll();
    await attacker.page.goto(response.href);
    await attacker.page.waitForURL(`${gw.dnevnik.url}/userfeed`);
    expect(await bodyText(attacker.page)).toContain('Иванов Максим');
    await attacker.journey.step('the asking browser is signed in');
    attacker.journey.finish();
    // Redeemed once by the diary, the code is spent even for the right client.
    expect(await redeemAtGateway(code, 'a'.repeat(43))).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('link CSRF with the pushed request: the victim, signed in to Gosuslugi, who opens the attacker’s /oidc/auth?request_uri=… and even confirms, gets a refusal from the diary, and no link is written', async () => {
    // The victim is signed in to Gosuslugi in her browser (she signed in to ЦОП a moment ago).
    const victim = await person('victim');
    await victim.page.goto(`${gw.cop.url}/`);
    await victim.journey.step('cop landing');
    await victim.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await esiaAsPersona(victim.esia, 'Иванова Елена Сергеевна');
    await grantAtEsia(victim.esia);
    await victim.journey.step('gateway chooser');

    // The attacker, signed in to his own diary account, presses «Привязать…» and keeps where his diary sent him.
    const attacker = await person('attacker');
    await dnevnikSignIn(attacker, NAMESAKE.login, NAMESAKE.password);
    await attacker.page.goto(`${gw.dnevnik.url}/settings`);
    await attacker.journey.step('dnevnik settings');
    const pushed = await keepRedirect(attacker, `${gw.dnevnik.url}/settings/esia-link`, () =>
      attacker.page.getByRole('button', { name: 'Привязать учетную запись портала госуслуг' }).click(),
    );
    expect(pushed.startsWith(`${gw.url}/oidc/auth?`)).toBe(true);
    expect(new URL(pushed).searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    attacker.journey.finish();

    // The victim opens it: the gateway's pages name the attacker's account (it carries her name), and she confirms.
    await victimFollows(victim, pushed, 'Завершить привязку Госуслуг');
    expect(victim.page.url()).toMatch(new RegExp(`^${gw.url}/interaction/[^/]+/notice$`));
    await victim.journey.step('gateway notice');
    await victim.page.getByRole('link', { name: 'Продолжить' }).click();
    await esiaAsPersona(victim.esia, 'Иванова Елена Сергеевна');
    await grantAtEsia(victim.esia);
    expect(await bodyText(victim.page)).toContain('Подтвердите привязку');
    await victim.journey.step('gateway confirmation');
    await victim.page.getByRole('button', { name: 'Привязать', exact: true }).click();
    await victim.page.waitForURL((u) => u.origin === gw.dnevnik.url);
    // Her browser brings the code to Дневник.ру, which asked for nothing there: refused, never redeemed.
    expect(victim.page.url().startsWith(`${gw.dnevnik.url}/oidc/callback?code=`)).toBe(true);
    expect(await bodyText(victim.page)).toContain(
      'Ссылка для входа устарела или открыта в другом браузере. Начните вход заново.',
    );
    await victim.journey.step('dnevnik refuses the foreign link response');
    victim.journey.finish();
    expect(await linksOfAccount(NAMESAKE.userId)).toEqual([]);
    expect(await gw.db.dataSource.query(`SELECT 1 FROM links WHERE esia_oid = '1000300001'`)).toEqual([]);
  });

  it('link CSRF with the interaction address: the attacker’s /interaction/… page opened in the victim’s browser is refused by the gateway (the interaction is bound to his browser), and no link is written', async () => {
    const victim = await person('victim');
    await victim.page.goto(`${gw.cop.url}/`);
    await victim.journey.step('cop landing');
    await victim.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await esiaAsPersona(victim.esia, 'Иванова Елена Сергеевна');
    await grantAtEsia(victim.esia);
    await victim.journey.step('gateway chooser');

    const attacker = await person('attacker');
    await dnevnikSignIn(attacker, NAMESAKE.login, NAMESAKE.password);
    await attacker.page.goto(`${gw.dnevnik.url}/settings`);
    await attacker.journey.step('dnevnik settings');
    await attacker.page.getByRole('button', { name: 'Привязать учетную запись портала госуслуг' }).click();
    await attacker.page.waitForURL(new RegExp(`^${gw.url}/interaction/[^/]+/notice$`));
    await attacker.journey.step('gateway notice');
    const notice = attacker.page.url();
    const start = notice.replace(/\/notice$/, '');
    attacker.journey.finish();

    for (const [address, text] of [
      [start, 'Открыть привязку'],
      [notice, 'Продолжить привязку'],
    ] as const) {
      await victimFollows(victim, address, text);
      const page = await bodyText(victim.page);
      expect(page).not.toContain('Подтвердите привязку');
      expect(page).not.toContain('Сейчас вы будете перенаправлены');
      expect(page).toMatch(/Вернитесь в электронный дневник и начните заново/);
      expect(page).toMatch(/Код обращения в поддержку: \S+/);
      expect(victim.page.url()).toBe(address);
      await victim.journey.step(`gateway refuses ${new URL(address).pathname}`);
    }
    victim.journey.finish();
    expect(await linksOfAccount(NAMESAKE.userId)).toEqual([]);
  });

  it('session fixation at sign-in: gateway session ids planted in the victim’s browser are not hers after she signs in with «Остаться в системе»; the planter gets Gosuslugi, not her journal', async () => {
    // The attacker starts a sign-in at ЦОП and plants the gateway's cookies of his browser in the victim's.
    const attacker = await person('attacker');
    await attacker.page.goto(`${gw.cop.url}/`);
    await attacker.journey.step('cop landing');
    await attacker.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await attacker.page.waitForURL((u) => u.origin === gw.esia.url);
    await attacker.journey.step('esia sign-in');
    const planted = (await attacker.context.cookies(gw.url)).filter((c) => c.name.startsWith('elg.'));
    expect(planted.map((c) => c.name)).toContain('elg.sid');

    const victim = await person('victim');
    await victim.context.addCookies(planted);
    await victim.page.goto(`${gw.cop.url}/`);
    await victim.journey.step('cop landing');
    await victim.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await esiaAsPersona(victim.esia, 'Иванова Елена Сергеевна');
    await grantAtEsia(victim.esia);
    await victim.page.getByRole('radio', { name: /Гимназия № 74/ }).check();
    await victim.page.getByLabel('Остаться в системе').check();
    await victim.journey.step('gateway chooser');
    await victim.page.getByRole('button', { name: 'Войти' }).click();
    await victim.page.waitForURL(`${gw.cop.url}/journal`);
    await victim.journey.step('cop journal');
    victim.journey.finish();
    const hers = await victim.context.cookies(gw.url);
    for (const c of planted) expect(hers.find((h) => h.name === c.name)?.value).not.toBe(c.value);

    // The attacker, holding the ids he planted, asks ЦОП to sign him in: the gateway sends him to Gosuslugi.
    await attacker.context.clearCookies({ name: 'COPSESSID' });
    await attacker.page.goto(`${gw.cop.url}/`);
    await attacker.journey.step('cop landing again');
    await attacker.page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    await attacker.page.waitForURL((u) => u.origin === gw.esia.url);
    expect(await attacker.page.locator('h1').first().textContent()).toBe('Вход');
    await attacker.journey.step('esia asks the attacker');
    attacker.journey.finish();
  });

  it('session fixation at link: the gateway session of a link is rotated after ESIA and destroyed at «Привязать»; the ids seen on the way open nothing', async () => {
    const p = await person('victim');
    await dnevnikSignIn(p, 'sokolova.marina', 'Dnevnik-Sokolova1');
    await p.page.goto(`${gw.dnevnik.url}/settings`);
    await p.journey.step('dnevnik settings');
    await p.page.getByRole('button', { name: 'Привязать учетную запись портала госуслуг' }).click();
    await p.page.waitForURL(new RegExp(`^${gw.url}/interaction/[^/]+/notice$`));
    await p.journey.step('gateway notice');
    const sid = async () => (await p.context.cookies(gw.url)).find((c) => c.name === 'elg.sid')?.value;
    const atNotice = await sid();
    await p.page.getByRole('link', { name: 'Продолжить' }).click();
    await esiaAsPersona(p.esia, 'Соколова Марина Игоревна');
    await grantAtEsia(p.esia);
    const confirmUrl = p.page.url();
    expect(confirmUrl).toMatch(/\/confirm$/);
    await p.journey.step('gateway confirmation');
    const atConfirm = await sid();
    expect(atConfirm).toBeTruthy();
    expect(atConfirm).not.toBe(atNotice);
    await p.page.getByRole('button', { name: 'Привязать', exact: true }).click();
    await p.page.waitForURL((u) => u.origin === gw.dnevnik.url);
    expect(await bodyText(p.page)).toContain('Отлично!');
    await p.journey.step('dnevnik linked');
    p.journey.finish();

    // Someone who knew (or planted) an id from the way gets nothing with it.
    const other = await person('holder of the old ids');
    for (const value of [atNotice!, atConfirm!]) {
      await other.context.addCookies([{ name: 'elg.sid', value, url: gw.url }]);
      const answer = await other.page.goto(confirmUrl);
      expect(answer?.status()).toBeGreaterThanOrEqual(400);
      expect(await bodyText(other.page)).not.toContain('Подтвердите привязку');
      await other.journey.step('old id refused');
    }
    other.journey.finish();
  });

  it('clickjacking: a page on another site that frames the gateway’s pages gets nothing rendered', async () => {
    const framed = [
      `${gw.url}/`,
      `${gw.url}/oidc/session/end`,
      `${gw.url}/oidc/auth?client_id=dnevnik-86&response_type=code&scope=openid`,
      `${gw.url}/requests/new`,
    ];
    attackerPage = html(
      'Розыгрыш',
      `<h1>Нажмите, чтобы выиграть</h1>` +
        framed
          .map(
            (u, i) => `<iframe title="рамка ${i}" src="${escapeAttr(u)}" width="600" height="200"></iframe>`,
          )
          .join('') +
        `<iframe title="своя рамка" src="/control" width="600" height="100"></iframe>`,
    );
    const { page: p, journey } = await person('visitor');
    await p.goto(attackerUrl);
    await p.waitForLoadState('load');
    await journey.step('attacker page with frames');
    const frames = p.frames().filter((f) => f !== p.mainFrame());
    expect(frames).toHaveLength(framed.length + 1);
    // The control frame of the attacker's own site renders: the harness would see a rendered page.
    const control = frames.find((f) => f.url().endsWith('/control'))!;
    expect(await control.textContent('h1')).toBe('Своя страница сайта');
    for (const frame of frames.filter((f) => f !== control)) {
      expect(frame.url().startsWith(gw.url)).toBe(false);
      const rendered = await frame
        .evaluate(
          () =>
            (globalThis as unknown as { document: { body?: { innerText: string } } }).document.body
              ?.innerText ?? '',
        )
        .catch(() => '');
      expect(rendered).not.toMatch(/Госуслуг|дневник|Выйти/i);
    }
    journey.finish();
  });

  /**
   * Runs `act` in `p`'s browser and keeps where the diary's answer to `at` would send it, without going there:
   * the browser stops on a page of its own.
   */
  async function keepRedirect(p: Person, at: string, act: () => Promise<void>): Promise<string> {
    let keep: (url: string) => void = () => undefined;
    const kept = new Promise<string>((resolve) => (keep = resolve));
    await p.context.route(at, async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      keep(new URL(answer.headers()['location']!, at).href);
      await route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: html('Остановлено', '<h1>Адрес сохранён</h1>'),
      });
    });
    await act();
    const url = await kept;
    await p.page.waitForLoadState();
    await p.journey.step('attacker keeps the address');
    return url;
  }
});

/** A minimal, accessible page of the attacker's site. */
function html(title: string, body: string): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
