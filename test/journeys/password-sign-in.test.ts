import { JourneyBrowser, csrfOf, type Page } from '../support/journey-browser';
import { startPasswordSignInHarness, type PasswordSignInHarness } from '../support/password-sign-in-harness';

/*
 * Flow C at the gateway's own diary password form (/login/password), for vendors that cannot ask the decision
 * API. The clock stands at 22.11.2026 (afternoon in both regions), the day the persona ages are given for:
 * Иванов Максим (student-15) is 15, Иванова София (child-13) is 13.
 */
const NOW = new Date('2026-11-22T06:00:00Z');
const MAKSIM = { login: 'ivanov.maksim', password: 'Dnevnik-Maksim1' };
const SOFIA = { login: 'ivanova.sofia', password: 'Dnevnik-Sofia1' };

let h: PasswordSignInHarness;

beforeAll(async () => {
  h = await startPasswordSignInHarness(NOW);
}, 60_000);
afterAll(() => h?.close());

const formUrl = (instance: string, query = '') =>
  `${h.gatewayUrl}/login/password?instance=${instance}${query ? `&${query}` : ''}`;

/** Opens the form and submits it as a person would (the CSRF token from the page). */
async function signIn(
  browser: JourneyBrowser,
  credentials: { login: string; password: string },
  instance = 'dnevnik-86',
  extra: Record<string, string> = {},
): Promise<Page> {
  const form = await browser.follow(formUrl(instance));
  return browser.follow(`${h.gatewayUrl}/login/password`, {
    form: { _csrf: csrfOf(form), instance, ...credentials, ...extra },
    stopAt: (u) => u.origin !== h.gatewayUrl,
  });
}

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
    const page = await new JourneyBrowser().follow(formUrl('dnevnik-86'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Вход по логину и паролю');
    expect(page.text).toContain('href="/login/esia?instance=dnevnik-86"');
    expect(page.text).toContain('href="/login/password/reset?instance=dnevnik-86"');
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
      expect(page.text).toContain(`href="${h.gatewayUrl}/login/esia?instance=dnevnik-86"`);
      expect(page.text).toContain('Привязать учетную запись портала Госуслуг');
      expect(page.text).toContain('Восстановление и смена пароля для вашей учетной записи тоже закрыты');
      await eventually(async () => (await decisionsCounted('deny')) >= 1);
    });

    it('lets a 13-year-old through to the vendor, who signs her in with the one-time code', async () => {
      const browser = new JourneyBrowser();
      const handOff = await signIn(browser, SOFIA);
      expect(handOff.status).toBe(200); // the hand-off page (meta refresh), not a 303: see hand-off.ts
      expect(handOff.location).toMatch(new RegExp(`^${h.dnevnik.url}/sso/esia\\?code=`));
      const diary = await browser.follow(handOff.location!);
      expect(diary.url).toBe(`${h.dnevnik.url}/userfeed`);
      expect(diary.text).toContain('Иванова София');
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
      const page = await new JourneyBrowser().follow(
        `${h.gatewayUrl}/login/password/reset?instance=dnevnik-86`,
      );
      expect(page.status).toBe(200);
      expect(page.text).toContain('восстановление и смена пароля закрыты для пользователей 14 лет и старше');
      expect(page.text).toContain('href="/login/esia?instance=dnevnik-86"');
    });
  });

  describe('before the date (enforce from 02.12.2026, the information window open)', () => {
    beforeAll(() => h.setPolicy('86', { mode: 'enforce', cutoverDate: '2026-12-02' }));

    it('shows a 14+ student the information window, rotates the session, and «Продолжить» hands off once', async () => {
      const browser = new JourneyBrowser();
      const form = await browser.follow(formUrl('dnevnik-86'));
      const oldSid = sidOf(browser);
      expect(oldSid).toBeTruthy();
      const before = await browser.post(`${h.gatewayUrl}/login/password`, {
        _csrf: csrfOf(form),
        instance: 'dnevnik-86',
        ...MAKSIM,
      });
      const window: Page = { status: before.status, location: null, text: await before.text(), url: '' };
      expect(window.status).toBe(200);
      expect(window.text).toContain('Переход на вход через Госуслуги');
      expect(window.text).toContain('02.12.2026');
      expect(window.text).toMatch(/Осталось дней<\/dt>\s*<dd>10<\/dd>/);
      expect(window.text).toMatch(/привязана<\/dt>\s*<dd>нет<\/dd>/);
      expect(window.text).toContain(`${h.gatewayUrl}/link/password?instance=dnevnik-86`);
      // A new session id at sign-in: the one from the form page is worthless now.
      expect(sidOf(browser)).toBeTruthy();
      expect(sidOf(browser)).not.toBe(oldSid);

      const handOff = await browser.follow(`${h.gatewayUrl}/login/password/continue`, {
        form: { _csrf: csrfOf(window) },
        stopAt: (u) => u.origin !== h.gatewayUrl,
      });
      expect(handOff.status).toBe(200); // the hand-off page (meta refresh), not a 303: see hand-off.ts
      expect(handOff.location).toMatch(new RegExp(`^${h.dnevnik.url}/sso/esia\\?code=`));
      const diary = await browser.follow(handOff.location!);
      expect(diary.text).toContain('Иванов Максим');
      await eventually(async () => (await decisionsCounted('warn')) >= 1);

      const again = await browser.post(`${h.gatewayUrl}/login/password/continue`, { _csrf: csrfOf(window) });
      expect(again.status).toBeGreaterThanOrEqual(400);
      expect(again.headers.get('location')).toBeNull();
    });

    it("keeps password recovery open, at the diary's own site", async () => {
      const page = await new JourneyBrowser().follow(
        `${h.gatewayUrl}/login/password/reset?instance=dnevnik-86`,
      );
      expect(page.text).not.toContain('закрыты');
      expect(page.text).toContain(`href="${h.dnevnik.url}"`);
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
      const browser = new JourneyBrowser();
      const handOff = await signIn(browser, MAKSIM);
      expect(handOff.status).toBe(200); // the hand-off page (meta refresh), not a 303: see hand-off.ts
      expect(handOff.location).toMatch(new RegExp(`^${h.dnevnik.url}/sso/esia\\?code=`));
      expect((await browser.follow(handOff.location!)).url).toBe(`${h.dnevnik.url}/userfeed`);
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
      await browser.follow(formUrl('dnevnik-86'));
      const missing = await browser.post(`${h.gatewayUrl}/login/password`, {
        instance: 'dnevnik-86',
        ...SOFIA,
      });
      const other = await signInTokenOfAnotherBrowser();
      const forged = await browser.post(`${h.gatewayUrl}/login/password`, {
        _csrf: other,
        instance: 'dnevnik-86',
        ...SOFIA,
      });
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
      const form = await browser.follow(formUrl('dnevnik-86'));
      await h.dnevnik.setDown(true);
      try {
        const page = await browser.follow(`${h.gatewayUrl}/login/password`, {
          form: { _csrf: csrfOf(form), instance: 'dnevnik-86', login: 'karimov.rustam', password: 'x' },
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
      const top = await browser.follow(formUrl('setevoy-38'));
      expect(top.text).toContain('name="municipality"');
      expect(top.text).toContain('г. Иркутск');
      expect(top.text).not.toContain('name="organizationId"');
      expect(top.text).toMatch(/<form method="get" action="\/login\/password"/);
      expect(top.text).not.toMatch(/<script/i);

      const chosen = await browser.follow(formUrl('setevoy-38', 'municipality=102&settlement=&type=2'));
      expect(chosen.text).toContain('name="organizationId"');
      expect(chosen.text).toContain('МБОУ г. Иркутска СОШ № 110');
      expect(chosen.text).not.toContain('Большеокинская');

      const noSchool = await browser.post(`${h.gatewayUrl}/login/password`, {
        _csrf: csrfOf(chosen),
        instance: 'setevoy-38',
        login: 'ivanova.sa',
        password: 'Соня-2013',
      });
      expect(noSchool.status).toBe(400);
      expect(await noSchool.text()).toContain('Организация не найдена');

      const handOff = await browser.follow(`${h.gatewayUrl}/login/password`, {
        form: {
          _csrf: csrfOf(chosen),
          instance: 'setevoy-38',
          municipality: '102',
          type: '2',
          organizationId: '3803',
          login: 'ivanova.sa',
          password: 'Соня-2013',
        },
        stopAt: (u) => u.origin !== h.gatewayUrl,
      });
      expect(handOff.status).toBe(200); // the hand-off page (meta refresh), not a 303: see hand-off.ts
      expect(handOff.location).toMatch(new RegExp(`^${h.setevoy.url}/sso/esia\\?code=`));
      const diary = await browser.follow(handOff.location!);
      expect(diary.url).toBe(`${h.setevoy.url}/app`);
      expect(diary.status).toBe(200);
    });
  });
});

/** The CSRF token of a different browser's session. */
async function signInTokenOfAnotherBrowser(): Promise<string> {
  return csrfOf(await new JourneyBrowser().follow(formUrl('dnevnik-86')));
}

/** The browser's current gateway session cookie (its jar is private: the test peeks, it does not change it). */
function sidOf(browser: JourneyBrowser): string | undefined {
  const jars = (browser as unknown as { jars: Map<string, Map<string, string>> }).jars;
  return jars.get(new URL(h.gatewayUrl).origin)?.get('elg.sid');
}
