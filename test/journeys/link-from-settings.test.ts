import { signInAndDecide, type TestBrowser } from '../../emulators/esia/testing/esia-test-client';
import { JourneyBrowser } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import {
  confirmLink,
  linkFromDiarySettings,
  linkThroughEsia,
  rows,
  vendorCall,
} from '../support/journey-steps';

const ELENA = { login: 'ivanova.elena', password: 'Dnevnik-Ivanova1', userId: '1000000000000000101' };
/** A diary account without a birth date or SNILS: any confirmed person passes the school-record check. */
const BELOV = { login: 'belov.timur', password: 'Dnevnik-Belov1', userId: '1000000000000000120' };

describe('flow A: link from the diary settings (real HTTP: gateway, ESIA and Дневник.ру emulators, PostgreSQL)', () => {
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await startJourneyHarness();
  });
  afterAll(() => h.close());

  it('a confirmed parent links her diary account and is sent back to the diary; the vendor is told once', async () => {
    const browser = new JourneyBrowser();
    const notice = await linkFromDiarySettings(h, browser, ELENA.login, ELENA.password);
    expect(notice.url).toBe(`${h.gatewayUrl}/link/notice`);
    expect(notice.text).toContain(
      'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг',
    );
    expect(notice.text).toContain('href="/auth/esia/start?purpose=link"');
    expect(notice.text).toContain('Продолжить');

    const confirm = await linkThroughEsia(h, browser, 'parent-two-schools');
    expect(confirm.url).toBe(`${h.gatewayUrl}/link/confirm`);
    expect(confirm.text).toContain('Подтвердите привязку');
    expect(confirm.text).toContain('Иванова Елена Сергеевна');
    expect(await rows(h, 'SELECT 1 FROM links')).toHaveLength(0);

    const done = await confirmLink(h, browser, confirm);
    expect(done.url).toBe(`${h.gatewayUrl}/link/done`);
    expect(done.text).toContain('Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг');
    expect(done.text).toContain(`href="${h.dnevnik.url}/settings/esia-linked"`);

    const links = await rows(
      h,
      `SELECT legacy_user_id, method, esia_oid FROM links WHERE revoked_at IS NULL`,
    );
    expect(links).toEqual([
      { legacy_user_id: ELENA.userId, method: 'settings-page', esia_oid: '1000300001' },
    ]);
    expect(await rows(h, `SELECT kind FROM link_events`)).toEqual([{ kind: 'linked' }]);
    expect(await rows(h, `SELECT topic, delivered_at FROM outbox`)).toEqual([
      { topic: 'link.created', delivered_at: null },
    ]);

    expect(await h.worker.runOnce()).toBe(1);
    expect(await h.worker.runOnce()).toBe(0);
    const status = await vendorCall(
      h,
      'dnevnik-86',
      'GET',
      `/api/vendor/v1/links/dnevnik-86/${ELENA.userId}`,
    );
    expect(status).toMatchObject({ status: 200, json: { linked: true, method: 'settings-page' } });
  });

  it('sign-ins that come back from ESIA at the same moment each continue with their own person', async () => {
    // Passport keeps success/fail on the strategy object it is given: without a per-request copy, two
    // overlapping callbacks could hand one person's ESIA identity to the other browser's session.
    const people: Record<string, string> = {
      // Not parent-two-schools: the first test links her, and a linked person gets the conflict page here.
      'student-15': 'Иванов Максим Андреевич',
      'teacher-parent': 'Соколова Марина Игоревна',
      'regional-operator': 'Волков Сергей Николаевич',
      'snils-mismatch': 'Петров Алексей Константинович',
    };
    const personas = Object.keys(people);
    const browsers = personas.map(() => new JourneyBrowser());
    const callbacks: string[] = [];
    for (const [i, persona] of personas.entries()) {
      await linkFromDiarySettings(h, browsers[i]!, BELOV.login, BELOV.password);
      const start = await browsers[i]!.follow(`${h.gatewayUrl}/auth/esia/start?purpose=link`, {
        stopAt: (u) => u.origin === h.esia.url,
      });
      const back = await signInAndDecide(
        h.esia.url,
        browsers[i] as unknown as TestBrowser,
        start.location!,
        persona,
        'grant',
      );
      callbacks.push(back.toString());
    }
    // All four callbacks reach the gateway together, so their token exchanges overlap.
    const pages = await Promise.all(
      callbacks.map((url, i) => browsers[i]!.follow(url, { stopAt: (u) => u.origin !== h.gatewayUrl })),
    );
    personas.forEach((persona, i) => {
      expect(pages[i]!.url).toMatch(/\/link\/confirm$/);
      expect(pages[i]!.text).toContain(people[persona]);
    });
  });

  it('when the ESIA account is not confirmed, no link is written and the page says how to confirm it', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, BELOV.login, BELOV.password);
    const page = await linkThroughEsia(h, browser, 'simplified-unconfirmed');
    expect(page.status).toBe(403);
    expect(page.text).toContain('Учетная запись Госуслуг не подтверждена');
    expect(page.text).toContain('МФЦ');
    expect(page.text).toContain('Сбербанк');
    expect(await rows(h, `SELECT 1 FROM links WHERE legacy_user_id = $1`, [BELOV.userId])).toHaveLength(0);
  });

  it('when the confirmed account has no SNILS, the page explains how to add it', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, BELOV.login, BELOV.password);
    const page = await linkThroughEsia(h, browser, 'foreign-no-snils');
    expect(page.status).toBe(403);
    expect(page.text).toContain('В учетной записи Госуслуг нет СНИЛС');
  });

  it('when the birth date differs from the school record, the link is refused with «Обратиться в организацию»', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, 'ivanov.maksim', 'Dnevnik-Maksim1');
    const page = await linkThroughEsia(h, browser, 'parent-two-schools');
    expect(page.status).toBe(409);
    expect(page.text).toContain('Дата рождения в учетной записи Госуслуг не совпадает');
    expect(page.text).toContain('Обратиться в организацию');
  });

  it('when the person refuses at ESIA («Отказать»), the page says so and nothing is written', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, BELOV.login, BELOV.password);
    const page = await linkThroughEsia(h, browser, 'student-15', 'deny');
    expect(page.status).toBe(403);
    expect(page.text).toContain('Вы отказались предоставить доступ');
    expect(await rows(h, `SELECT 1 FROM links WHERE legacy_user_id = $1`, [BELOV.userId])).toHaveLength(0);
  });

  it('a double-submitted confirmation writes one link, one event and one outbox row, and both end on the success page', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, 'sokolova.marina', 'Dnevnik-Sokolova1');
    const confirm = await linkThroughEsia(h, browser, 'teacher-parent');
    const [a, b] = await Promise.all([confirmLink(h, browser, confirm), confirmLink(h, browser, confirm)]);
    for (const page of [a, b]) expect(page.text).toContain('Отлично!');
    // The session was rotated at link: the stale form's token is refused and nothing more is written.
    expect((await confirmLink(h, browser, confirm)).status).toBe(403);
    const oid = '1000300008';
    expect(await rows(h, `SELECT 1 FROM links WHERE esia_oid = $1`, [oid])).toHaveLength(1);
    expect(
      await rows(h, `SELECT 1 FROM link_events e JOIN links l ON l.id = e.link_id WHERE l.esia_oid = $1`, [
        oid,
      ]),
    ).toHaveLength(1);
    expect(
      await rows(h, `SELECT 1 FROM outbox WHERE payload->>'userId' = '1000000000000000108'`),
    ).toHaveLength(1);
  });

  it('when the diary account is already linked to another person, the conflict page shows and the school gets a request', async () => {
    const first = new JourneyBrowser();
    await linkFromDiarySettings(h, first, BELOV.login, BELOV.password);
    await confirmLink(h, first, await linkThroughEsia(h, first, 'regional-operator'));
    const second = new JourneyBrowser();
    await linkFromDiarySettings(h, second, BELOV.login, BELOV.password);
    const page = await linkThroughEsia(h, second, 'student-15');
    expect(page.status).toBe(409);
    expect(page.text).toContain('уже привязана к другой учетной записи портала Госуслуг');
    expect(
      await rows(h, `SELECT esia_oid FROM links WHERE legacy_user_id = $1 AND revoked_at IS NULL`, [
        BELOV.userId,
      ]),
    ).toHaveLength(1);
    expect(
      await rows(h, `SELECT details->>'conflict' AS c FROM link_events WHERE kind = 'conflict'`),
    ).toContainEqual({ c: 'account_linked' });
    const requests = await rows(
      h,
      `SELECT reason, status FROM access_requests WHERE esia_oid = '1000300002'`,
    );
    expect(requests).toEqual([{ reason: 'data_mismatch', status: 'open' }]);
  });

  it('a replayed ticket is refused, and so is one older than five minutes', async () => {
    const issued = await vendorCall(h, 'dnevnik-86', 'POST', '/api/vendor/v1/link-tickets', {
      userId: BELOV.userId,
      returnUrl: `${h.dnevnik.url}/settings`,
    });
    expect(issued.status).toBe(201);
    const browser = new JourneyBrowser();
    expect((await browser.follow(issued.json['linkUrl'])).url).toBe(`${h.gatewayUrl}/link/notice`);
    const replay = await new JourneyBrowser().follow(issued.json['linkUrl']);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('Ссылка для привязки устарела или уже использована');

    const late = await vendorCall(h, 'dnevnik-86', 'POST', '/api/vendor/v1/link-tickets', {
      userId: BELOV.userId,
      returnUrl: `${h.dnevnik.url}/settings`,
    });
    h.clock.advance(5 * 60_000 + 1000);
    try {
      expect((await new JourneyBrowser().follow(late.json['linkUrl'])).status).toBe(400);
    } finally {
      h.clock.set(new Date());
    }
  });

  it.each(['https://evil.example/settings', 'http://127.0.0.1:1/x', 'javascript:alert(1)'])(
    'a foreign return address (%s) is refused when the ticket is asked for',
    async (returnUrl) => {
      const answer = await vendorCall(h, 'dnevnik-86', 'POST', '/api/vendor/v1/link-tickets', {
        userId: BELOV.userId,
        returnUrl,
      });
      expect(answer.status).toBe(400);
      expect(answer.json['error'].code).toBe('return_url_not_allowed');
    },
  );

  it('a foreign return address typed into the password form falls back to the diary base address', async () => {
    const browser = new JourneyBrowser();
    const page = await browser.follow(
      `${h.gatewayUrl}/link/password?instance=dnevnik-86&returnUrl=${encodeURIComponent(`${h.dnevnik.url}.evil.example/`)}`,
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain(`name="returnUrl" value="${h.dnevnik.url}"`);
  });
});
