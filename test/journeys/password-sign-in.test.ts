import * as oidc from 'openid-client';
import { JourneyBrowser, csrfOf, type Page } from '../support/journey-browser';
import { startPasswordSignInHarness, type PasswordSignInHarness } from '../support/password-sign-in-harness';
import { TestRelyingParty, type RpRequest } from '../support/test-relying-party';

/*
 * Flow C at the gateway's own diary password form, for vendors that cannot ask the decision API: the diary
 * (openid-client here) sends its sign-in to the provider with login_method=password, and the form is the
 * interaction. The clock stands at 22.11.2026 (afternoon in both regions), the day the persona ages are given
 * for: Иванов Максим (student-15) is 15, Иванова София (child-13) is 13.
 */
const NOW = new Date('2026-11-22T06:00:00Z');
const MAKSIM = { login: 'ivanov.maksim', password: 'Dnevnik-Maksim1', userId: '1000000000000000102' };
const SOFIA = { login: 'ivanova.sofia', password: 'Dnevnik-Sofia1', userId: '1000000000000000103' };

type Instance = 'dnevnik-86' | 'setevoy-38';

let h: PasswordSignInHarness;
const diaries: Partial<Record<Instance, TestRelyingParty>> = {};

beforeAll(async () => {
  h = await startPasswordSignInHarness(NOW);
  for (const [id, url] of [
    ['dnevnik-86', h.dnevnik.url],
    ['setevoy-38', h.setevoy.url],
  ] as const)
    diaries[id] = await TestRelyingParty.discover(
      `${h.gatewayUrl}/oidc`,
      id,
      `${url}/oidc/callback`,
      oidc.ClientSecretBasic(h.oidcSecrets[id]),
    );
}, 60_000);
afterAll(() => h?.close());

/** The diary's password sign-in request and the gateway's form it leads to. */
async function openForm(
  browser: JourneyBrowser,
  instance: Instance = 'dnevnik-86',
): Promise<{ request: RpRequest; form: Page; diary: TestRelyingParty }> {
  const diary = diaries[instance]!;
  const request = await diary.request({ login_method: 'password' });
  const form = await browser.follow(request.url.href);
  expect(form.url).toMatch(new RegExp(`^${h.gatewayUrl}/interaction/[^/]+/password$`));
  return { request, form, diary };
}

/** Opens the form and submits it as a person would (the CSRF token from the page); stops leaving the gateway. */
async function signIn(
  browser: JourneyBrowser,
  credentials: { login: string; password: string },
  instance: Instance = 'dnevnik-86',
  extra: Record<string, string> = {},
): Promise<Page & { request: RpRequest; diary: TestRelyingParty }> {
  const { request, form, diary } = await openForm(browser, instance);
  const page = await browser.follow(form.url, {
    form: { _csrf: csrfOf(form), ...credentials, ...extra },
    stopAt: (u) => u.origin !== h.gatewayUrl,
  });
  return { ...page, request, diary };
}

/** The diary's callback got a code: it redeems it as the diary's backend would; the ID token's claims. */
async function redeemed(page: Awaited<ReturnType<typeof signIn>>, diaryUrl = h.dnevnik.url) {
  expect(page.location).toMatch(new RegExp(`^${diaryUrl}/oidc/callback\\?code=`));
  return (await page.diary.redeem(page.location!, page.request)).claims()!;
}

const uidOf = (page: Page) => /\/interaction\/([^/]+)\//.exec(page.url)![1]!;

async function decisionsCounted(decision: string): Promise<number> {
  const rows: Array<{ n: string | null }> = await h.db.dataSource.query(
    `SELECT sum(count)::text AS n FROM login_stats WHERE instance_id = 'dnevnik-86' AND decision = $1`,
    [decision],
  );
  return Number(rows[0]?.n ?? 0);
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached');
}

describe('the gateway-hosted diary password sign-in', () => {
  it('shows «Вход по логину и паролю» with «Войти через Госуслуги» and «Забыли пароль?», without scripts', async () => {
    const { form: page } = await openForm(new JourneyBrowser());
    const uid = uidOf(page);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Вход по логину и паролю');
    expect(page.text).toContain(`href="/interaction/${uid}/esia"`);
    expect(page.text).toContain(`href="/interaction/${uid}/password/reset"`);
    expect(page.text).not.toMatch(/<script|style=/i);
  });

  describe('after the cutover (enforce since 01.11.2026)', () => {
    beforeAll(() => h.setPolicy('86', { mode: 'enforce', cutoverDate: '2026-11-01' }));

    it('refuses a 15-year-old: «Вход по паролю закрыт» with the date, the ESIA button and how to link', async () => {
      const page = await signIn(new JourneyBrowser(), MAKSIM);
      expect(page.status).toBe(403);
      expect(page.location).toBeNull();
      expect(page.text).toContain('Вход по паролю закрыт');
      expect(page.text).toContain('01.11.2026');
      // The same request goes on through ESIA; linking starts at the diary's own settings.
      expect(page.text).toContain(`href="/interaction/${uidOf(page)}/esia"`);
      expect(page.text).toContain('Привязать учетную запись портала Госуслуг');
      expect(page.text).toContain(`href="${h.dnevnik.url}/"`);
      expect(page.text).toContain('Восстановление и смена пароля для вашей учетной записи тоже закрыты');
      await eventually(async () => (await decisionsCounted('deny')) >= 1);
    });

    it('lets a 13-year-old through: the diary redeems its code for her account, signed in with a password', async () => {
      const claims = await redeemed(await signIn(new JourneyBrowser(), SOFIA));
      expect(claims).toMatchObject({ sub: SOFIA.userId, amr: ['pwd'], acr: 'diary:password' });
    });

    it('answers a wrong password exactly as for an unknown login: nothing about the refused account leaks', async () => {
      const wrong = await signIn(new JourneyBrowser(), { ...MAKSIM, password: 'not-his-password' });
      const unknown = await signIn(new JourneyBrowser(), { login: 'nobody.at.all', password: 'whatever-1' });
      for (const page of [wrong, unknown]) {
        expect(page.status).toBe(401);
        expect(page.text).toContain('Неправильный логин или пароль');
        expect(page.text).toContain('Код обращения в поддержку');
        expect(page.text).not.toContain('Вход по паролю закрыт');
        expect(page.text).not.toContain('01.11.2026');
      }
    });

    it('says that password recovery is closed and points to ESIA', async () => {
      const browser = new JourneyBrowser();
      const { form } = await openForm(browser);
      const page = await browser.follow(`${form.url}/reset`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('восстановление и смена пароля закрыты для пользователей 14 лет и старше');
      expect(page.text).toContain(`href="/interaction/${uidOf(page)}/esia"`);
    });
  });

  describe('before the date (enforce from 02.12.2026, the information window open)', () => {
    beforeAll(() => h.setPolicy('86', { mode: 'enforce', cutoverDate: '2026-12-02' }));

    it('shows a 14+ student the information window, rotates the session, and «Продолжить» ends the request once', async () => {
      const browser = new JourneyBrowser();
      const { form, request, diary } = await openForm(browser);
      const oldSid = sidOf(browser);
      expect(oldSid).toBeTruthy();
      const before = await browser.post(form.url, { _csrf: csrfOf(form), ...MAKSIM });
      const window: Page = { status: before.status, location: null, text: await before.text(), url: '' };
      expect(window.status).toBe(200);
      expect(window.text).toContain('Переход на вход через Госуслуги');
      expect(window.text).toContain('02.12.2026');
      expect(window.text).toMatch(/Осталось дней<\/dt>\s*<dd>10<\/dd>/);
      expect(window.text).toMatch(/привязана<\/dt>\s*<dd>нет<\/dd>/);
      // Where to link: the diary's own settings page (its registration's settingsUrl).
      expect(window.text).toContain(`href="${h.dnevnik.url}/"`);
      // A new session id at sign-in: the one from the form page is worthless now.
      expect(sidOf(browser)).toBeTruthy();
      expect(sidOf(browser)).not.toBe(oldSid);

      const back = await browser.follow(`${form.url}/continue`, {
        form: { _csrf: csrfOf(window) },
        stopAt: (u) => u.origin !== h.gatewayUrl,
      });
      expect(back.location).toMatch(new RegExp(`^${h.dnevnik.url}/oidc/callback\\?code=`));
      const claims = (await diary.redeem(back.location!, request)).claims()!;
      expect(claims).toMatchObject({ sub: MAKSIM.userId, amr: ['pwd'] });
      await eventually(async () => (await decisionsCounted('warn')) >= 1);

      const again = await browser.post(`${form.url}/continue`, { _csrf: csrfOf(window) });
      expect(again.status).toBeGreaterThanOrEqual(400);
      expect(again.headers.get('location')).toBeNull();
    });

    it("keeps password recovery open, at the diary's own site", async () => {
      const browser = new JourneyBrowser();
      const { form } = await openForm(browser);
      const page = await browser.follow(`${form.url}/reset`);
      expect(page.text).not.toContain('закрыты');
      expect(page.text).toContain(`href="${h.dnevnik.url}/"`);
    });

    it('shows the same date and days left on /info', async () => {
      const info = await new JourneyBrowser().follow(`${h.gatewayUrl}/info?instance=dnevnik-86`);
      expect(info.text).toContain('02.12.2026');
      expect(info.text).toContain('осталось дней: 10');
    });
  });

  describe('in shadow mode (since 01.11.2026)', () => {
    beforeAll(() => h.setPolicy('86', { mode: 'shadow', cutoverDate: '2026-11-01' }));

    it('lets the 15-year-old in and counts a would-deny', async () => {
      const before = await decisionsCounted('shadow-deny');
      const claims = await redeemed(await signIn(new JourneyBrowser(), MAKSIM));
      expect(claims.sub).toBe(MAKSIM.userId);
      await eventually(async () => (await decisionsCounted('shadow-deny')) === before + 1);
    });
  });

  describe("the vendor's refusals and failures", () => {
    it('shows a locked account as locked, with what to do', async () => {
      const page = await signIn(new JourneyBrowser(), { login: 'orlova.anna', password: 'Dnevnik-Orlova1' });
      expect(page.status).toBe(423);
      expect(page.text).toContain('Учетная запись заблокирована. Обратитесь к администратору вашей школы.');
    });

    it('refuses a form without the CSRF token, or with another session’s', async () => {
      const browser = new JourneyBrowser();
      const { form } = await openForm(browser);
      const missing = await browser.post(form.url, { ...SOFIA });
      const other = await signInTokenOfAnotherBrowser();
      const forged = await browser.post(form.url, { _csrf: other, ...SOFIA });
      for (const response of [missing, forged]) {
        expect(response.status).toBe(403);
        expect(response.headers.get('location')).toBeNull();
      }
    });

    it('after too many attempts says when to try again', async () => {
      const browser = new JourneyBrowser();
      let last: Page | undefined;
      for (let i = 0; i < 6; i++)
        last = await signIn(browser, { login: 'guessing.game', password: `guess-${i}` });
      expect(last!.status).toBe(429);
      expect(last!.text).toMatch(/не ранее чем через \d+ мин\./);
    });

    it('refuses an empty login or password without asking the vendor (even while it is down)', async () => {
      await h.dnevnik.setDown(true);
      try {
        for (const credentials of [
          { login: '', password: 'x' },
          { login: 'karimov.rustam', password: '' },
        ]) {
          const page = await signIn(new JourneyBrowser(), credentials);
          expect(page.status).toBe(401);
          expect(page.text).toContain('Неправильный логин или пароль');
        }
      } finally {
        await h.dnevnik.setDown(false);
      }
    });

    it('shows «Электронный дневник сейчас не отвечает» when the vendor is down', async () => {
      const browser = new JourneyBrowser();
      const { form } = await openForm(browser);
      await h.dnevnik.setDown(true);
      try {
        const page = await browser.follow(form.url, {
          form: { _csrf: csrfOf(form), login: 'karimov.rustam', password: 'x' },
        });
        expect(page.status).toBe(503);
        expect(page.text).toContain('Электронный дневник сейчас не отвечает');
      } finally {
        await h.dnevnik.setDown(false);
      }
    });
  });

  describe('«Сетевой Регион»: logins unique within a school', () => {
    it('walks the organization cascade with plain GET reloads and signs in to the chosen school', async () => {
      const browser = new JourneyBrowser();
      const { form: top, request, diary } = await openForm(browser, 'setevoy-38');
      expect(top.text).toContain('name="municipality"');
      expect(top.text).toContain('г. Иркутск');
      expect(top.text).not.toContain('name="organizationId"');
      expect(top.text).toContain(`<form method="get" action="/interaction/${uidOf(top)}/password"`);
      expect(top.text).not.toMatch(/<script/i);

      const chosen = await browser.follow(`${top.url}?municipality=102&settlement=&type=2`);
      expect(chosen.text).toContain('name="organizationId"');
      expect(chosen.text).toContain('МБОУ г. Иркутска СОШ № 110');
      expect(chosen.text).not.toContain('Большеокинская');

      const noSchool = await browser.post(top.url, {
        _csrf: csrfOf(chosen),
        login: 'ivanova.sa',
        password: 'Соня-2013',
      });
      expect(noSchool.status).toBe(400);
      expect(await noSchool.text()).toContain('Организация не найдена');

      const back = await browser.follow(top.url, {
        form: {
          _csrf: csrfOf(chosen),
          municipality: '102',
          type: '2',
          organizationId: '3803',
          login: 'ivanova.sa',
          password: 'Соня-2013',
        },
        stopAt: (u) => u.origin !== h.gatewayUrl,
      });
      expect(back.location).toMatch(new RegExp(`^${h.setevoy.url}/oidc/callback\\?code=`));
      const claims = (await diary.redeem(back.location!, request)).claims()!;
      // The school picked in the form is the one the diary's own memberships confirm.
      expect(claims).toMatchObject({ sub: '734003', org: '3803', role: 'student', amr: ['pwd'] });
    });
  });
});

/** The CSRF token of a different browser's session. */
async function signInTokenOfAnotherBrowser(): Promise<string> {
  return csrfOf((await openForm(new JourneyBrowser())).form);
}

/** The browser's current gateway session cookie (its jar is private: the test peeks, it does not change it). */
function sidOf(browser: JourneyBrowser): string | undefined {
  const jars = (browser as unknown as { jars: Map<string, Map<string, string>> }).jars;
  return jars.get(new URL(h.gatewayUrl).origin)?.get('elg.sid');
}
