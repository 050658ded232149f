import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { rows } from '../support/journey-steps';
import { CHROMIUM_ARGS, CHROMIUM_PATH, describeWithBrowser, JourneyRecorder } from './support/browser';

/*
 * Web attacks (issue 6, item 3) in Debian's chromium: the attacker's pages live on another site
 * (http://attacker.test, mapped to 127.0.0.1 by chromium's resolver), so the browser applies SameSite, CSP
 * frame-ancestors and everything else exactly as it would in the wild.
 */
const ATTACKER_HOST = 'attacker.test';

describeWithBrowser('attacks', () => {
  let h: JourneyHarness;
  let browser: Browser;
  let attackerSite: Server;
  let attackerUrl: string;
  /** What the attacker's site serves at /: set by each test. */
  let attackerPage = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [h, browser] = await Promise.all([
      startJourneyHarness(),
      chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${ATTACKER_HOST} 127.0.0.1`],
      }),
    ]);
    attackerSite = createServer((req, res) => {
      const body =
        req.url === '/control' ? page('Своя страница', '<h1>Своя страница сайта</h1>') : attackerPage;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    });
    await new Promise<void>((resolve) => attackerSite.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://${ATTACKER_HOST}:${(attackerSite.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attackerSite?.close(resolve));
    await h?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  async function person(
    label: string,
  ): Promise<{ context: BrowserContext; page: Page; journey: JourneyRecorder }> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 800 } });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    return {
      context,
      page,
      journey: new JourneyRecorder(page, `${label} ${expect.getState().currentTestName ?? 'attack'}`),
    };
  }

  const sidOf = async (context: BrowserContext) =>
    (await context.cookies(h.gatewayUrl)).find((c) => c.name === 'elg.sid')?.value;
  const bodyText = async (page: Page) => (await page.textContent('body')) ?? '';

  /** ESIA's «Вход» (a persona) and «Предоставить», from a page already at ESIA. */
  async function esiaAs(page: Page, journey: JourneyRecorder, fullName: string): Promise<void> {
    await page.waitForURL((u) => u.origin === h.esia.url);
    await journey.step('esia sign-in');
    await page.locator('button.persona', { hasText: fullName }).click();
    await page.waitForLoadState();
    await journey.step('esia consent');
  }

  /**
   * The attacker walks a sign-in (or link) himself up to ESIA's «Предоставить», and keeps the callback address
   * (code + state of HIS session) instead of letting his browser follow it.
   */
  async function attackersCallback(
    start: (page: Page, journey: JourneyRecorder) => Promise<void>,
    fullName: string,
  ) {
    const attacker = await person('attacker');
    let keep: (url: string) => void = () => undefined;
    const captured = new Promise<string>((resolve) => (keep = resolve));
    // ESIA's «Предоставить» answers with a redirect to our callback: the attacker's browser reads it and stops.
    await attacker.context.route(
      (u) => u.origin === h.esia.url && u.pathname === '/aas/oauth2/consent',
      async (route) => {
        const answer = await route.fetch({ maxRedirects: 0 });
        keep(new URL(answer.headers()['location']!, h.esia.url).toString());
        await route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: page('Остановлено', '<h1>Адрес возврата сохранён</h1>'),
        });
      },
    );
    await start(attacker.page, attacker.journey);
    await esiaAs(attacker.page, attacker.journey, fullName);
    await attacker.page.getByRole('button', { name: 'Предоставить' }).click();
    const url = await captured;
    await attacker.page.waitForLoadState();
    await attacker.journey.step('attacker keeps the callback');
    attacker.journey.finish();
    return url;
  }

  it('login CSRF: the attacker’s callback, clicked on his site in the victim’s browser, does not sign her in as him', async () => {
    const callback = await attackersCallback(async (page, journey) => {
      await page.goto(`${h.cop.url}/`);
      await journey.step('cop landing');
      await page.getByRole('link', { name: 'Войти через Госуслуги' }).click();
    }, 'Волков Сергей Николаевич');
    expect(new URL(callback).searchParams.get('code')).toBeTruthy();

    attackerPage = page(
      'Оценки',
      `<h1>Новая оценка</h1><p><a href="${escapeAttr(callback)}">Посмотреть оценку ребёнка</a></p>`,
    );
    const victim = await person('victim');
    await victim.page.goto(`${h.gatewayUrl}/`);
    await victim.journey.step('gateway home');
    await victim.page.goto(attackerUrl);
    await victim.journey.step('attacker page');
    await victim.page.getByRole('link', { name: 'Посмотреть оценку ребёнка' }).click();
    await victim.page.waitForURL((u) => u.origin === h.gatewayUrl);
    expect(await bodyText(victim.page)).toContain('Начните вход заново');
    await victim.journey.step('gateway refuses the foreign callback');
    // Not signed in as the attacker: a page that needs an ESIA sign-in still asks for one.
    await victim.page.goto(`${h.gatewayUrl}/requests/new?reason=profile_missing`);
    expect(await bodyText(victim.page)).toContain('Эта страница доступна после входа через портал Госуслуг');
    expect(await bodyText(victim.page)).not.toContain('Волков');
    await victim.journey.step('victim still signed out');
    victim.journey.finish();
  });

  it('link CSRF: the attacker’s ESIA identity cannot be put onto the victim’s diary account through the link flow', async () => {
    // The victim, signed in to her diary, pressed «Привязать…» and stands on the gateway's notice.
    const victim = await person('victim');
    await toLinkNotice(victim.page, victim.journey, 'ivanova.elena', 'Dnevnik-Ivanova1');

    // The attacker starts a link of his own diary account and keeps the callback of HIS ESIA sign-in.
    const callback = await attackersCallback(
      (page, journey) =>
        toLinkNotice(page, journey, 'belov.timur', 'Dnevnik-Belov1').then(() =>
          page.getByRole('link', { name: 'Продолжить' }).click(),
        ),
      'Волков Сергей Николаевич',
    );

    attackerPage = page(
      'Привязка',
      `<h1>Завершите привязку</h1><p><a href="${escapeAttr(callback)}">Завершить привязку Госуслуг</a></p>`,
    );
    await victim.page.goto(attackerUrl);
    await victim.journey.step('attacker page');
    await victim.page.getByRole('link', { name: 'Завершить привязку Госуслуг' }).click();
    await victim.page.waitForURL((u) => u.origin === h.gatewayUrl);
    const text = await bodyText(victim.page);
    expect(text).toContain('Начните вход заново');
    expect(text).not.toContain('Подтвердите привязку');
    expect(text).not.toContain('Волков');
    await victim.journey.step('gateway refuses the foreign callback');
    victim.journey.finish();
    expect(
      await rows(
        h,
        `SELECT 1 FROM links WHERE legacy_user_id = '1000000000000000101' OR esia_oid = '1000300009'`,
      ),
    ).toEqual([]);
  });

  it('session fixation at link: the session id changes at «Привязать»; the id from before opens nothing', async () => {
    const { context, page: p, journey } = await person('victim');
    await toLinkNotice(p, journey, 'sokolova.marina', 'Dnevnik-Sokolova1');
    await p.getByRole('link', { name: 'Продолжить' }).click();
    await esiaAs(p, journey, 'Соколова Марина Игоревна');
    await p.getByRole('button', { name: 'Предоставить' }).click();
    await p.waitForURL(`${h.gatewayUrl}/link/confirm`).catch(async (e: Error) => {
      throw new Error(`${e.message}\nat ${p.url()}: ${(await bodyText(p)).slice(0, 300)}`);
    });
    expect(await bodyText(p)).toContain('Подтвердите привязку');
    await journey.step('gateway confirm');
    const before = await sidOf(context);
    expect(before).toBeTruthy();
    await p.getByRole('button', { name: 'Привязать', exact: true }).click();
    await p.waitForURL(`${h.gatewayUrl}/link/done`);
    expect(await bodyText(p)).toContain('Отлично!');
    await journey.step('gateway link done');
    const after = await sidOf(context);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    journey.finish();

    // Someone who knew (or planted) the id from before the confirmation gets nothing with it.
    const other = await person('holder of the old id');
    await other.context.addCookies([{ name: 'elg.sid', value: before!, url: h.gatewayUrl }]);
    const done = await other.page.goto(`${h.gatewayUrl}/link/done`);
    expect(done?.status()).toBeGreaterThanOrEqual(400);
    expect(await bodyText(other.page)).not.toContain('Отлично!');
    await other.journey.step('old id refused');
    other.journey.finish();
  });

  it('clickjacking: a page on another site that frames the gateway gets nothing rendered', async () => {
    const framed = [
      `${h.gatewayUrl}/`,
      `${h.gatewayUrl}/login/esia?instance=cop-86`,
      `${h.gatewayUrl}/requests/new`,
    ];
    attackerPage = page(
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
      expect(frame.url().startsWith(h.gatewayUrl)).toBe(false);
      const rendered = await frame
        .evaluate(
          () =>
            (globalThis as unknown as { document: { body?: { innerText: string } } }).document.body
              ?.innerText ?? '',
        )
        .catch(() => '');
      expect(rendered).not.toMatch(/Госуслуг|дневник/i);
    }
    journey.finish();
  });

  /** Дневник.ру: sign-in form → «Личные настройки» → «Привязать учетную запись портала госуслуг» → the gateway's notice. */
  async function toLinkNotice(
    p: Page,
    journey: JourneyRecorder,
    login: string,
    password: string,
  ): Promise<void> {
    await p.goto(`${h.dnevnik.url}/login`);
    await journey.step('dnevnik sign-in');
    await p.getByLabel('Логин').fill(login);
    await p.getByLabel('Пароль').fill(password);
    await p.getByRole('button', { name: 'Войти', exact: true }).click();
    await p.waitForLoadState();
    await journey.step('dnevnik signed in');
    await p.goto(`${h.dnevnik.url}/settings`);
    await journey.step('dnevnik settings');
    await p.getByRole('button', { name: 'Привязать учетную запись портала госуслуг' }).click();
    await p.waitForURL(`${h.gatewayUrl}/link/notice`);
    expect(await bodyText(p)).toContain('Сейчас вы будете перенаправлены');
    await journey.step('gateway link notice');
  }
});

/** A minimal, accessible page of the attacker's site. */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
