import { signInAndDecide, type TestBrowser } from '../../emulators/esia/testing/esia-test-client';
import { backToDiaryOf } from '../support/diary-relying-party';
import { csrfOf, JourneyBrowser } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import {
  confirmLink,
  confirmWithoutReturning,
  linkFromDiarySettings,
  linkThroughEsia,
  rows,
  vendorCall,
} from '../support/journey-steps';
import { TestRelyingParty } from '../support/test-relying-party';

const ELENA = { login: 'ivanova.elena', password: 'Dnevnik-Ivanova1', userId: '1000000000000000101' };
const MAKSIM = { login: 'ivanov.maksim', password: 'Dnevnik-Maksim1', userId: '1000000000000000102' };
const SOKOLOVA = { login: 'sokolova.marina', password: 'Dnevnik-Sokolova1', userId: '1000000000000000108' };
const FEDOROV = { login: 'fedorov.petr', password: 'Dnevnik-Fedorov1', userId: '1000000000000000122' };
/** A diary account without a birth date or SNILS: refusals that come before the name check are shown here. */
const BELOV = { login: 'belov.timur', password: 'Dnevnik-Belov1', userId: '1000000000000000120' };

const SUCCESS = 'Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг';

describe('flow A: link from the diary settings through the provider (real HTTP: gateway, ESIA and Дневник.ру emulators, PostgreSQL)', () => {
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await startJourneyHarness();
  });
  afterAll(() => h.close());

  it('a confirmed parent links her diary account; the link is written when the diary redeems, the success page is the diary’s, and the vendor is told once', async () => {
    const browser = new JourneyBrowser();
    const notice = await linkFromDiarySettings(h, browser, ELENA.login, ELENA.password);
    expect(notice.url).toMatch(new RegExp(`^${h.gatewayUrl}/interaction/[^/]+/notice$`));
    expect(notice.text).toContain(
      'Сейчас вы будете перенаправлены на страницу авторизации учетной записи портала Госуслуг',
    );
    expect(notice.text).toContain('href="/auth/esia/start?purpose=link"');
    expect(notice.text).toContain('Продолжить');

    const confirm = await linkThroughEsia(h, browser, 'parent-two-schools');
    expect(confirm.url).toMatch(/\/interaction\/[^/]+\/confirm$/);
    expect(confirm.text).toContain('Подтвердите привязку');
    expect(confirm.text).toContain('Иванова Елена Сергеевна');
    expect(await rows(h, 'SELECT 1 FROM links')).toHaveLength(0);

    const done = await confirmLink(h, browser, confirm);
    expect(done.url).toMatch(new RegExp(`^${h.dnevnik.url}/oidc/callback\\?`));
    expect(done.text).toContain(SUCCESS);
    // One success page: the gateway has none of its own any more.
    expect((await new JourneyBrowser().follow(`${h.gatewayUrl}/link/done`)).status).toBe(404);

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
    const people = [
      [ELENA, 'parent-two-schools', 'Иванова Елена Сергеевна'],
      [MAKSIM, 'student-15', 'Иванов Максим Андреевич'],
      [SOKOLOVA, 'teacher-parent', 'Соколова Марина Игоревна'],
      [FEDOROV, 'name-spelled-with-e', 'Федоров Петр Ильич'],
    ] as const;
    const browsers = people.map(() => new JourneyBrowser());
    const callbacks: string[] = [];
    for (const [i, [account, persona]] of people.entries()) {
      await linkFromDiarySettings(h, browsers[i]!, account.login, account.password);
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
    people.forEach(([, , name], i) => {
      expect(pages[i]!.url).toMatch(/\/confirm$/);
      expect(pages[i]!.text).toContain(name);
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
    await linkFromDiarySettings(h, browser, MAKSIM.login, MAKSIM.password);
    const page = await linkThroughEsia(h, browser, 'parent-two-schools');
    expect(page.status).toBe(409);
    expect(page.text).toContain('Дата рождения в учетной записи Госуслуг не совпадает');
    expect(page.text).toContain('Обратиться в организацию');
  });

  it('when the account belongs to someone else by name (no SNILS or birth date to check), the link is refused', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, BELOV.login, BELOV.password);
    const page = await linkThroughEsia(h, browser, 'student-15');
    expect(page.status).toBe(409);
    expect(page.text).toContain('Учетная запись дневника оформлена на другого человека');
    expect(await rows(h, `SELECT 1 FROM links WHERE legacy_user_id = $1`, [BELOV.userId])).toHaveLength(0);
  });

  it('when the person refuses at ESIA («Отказать»), the page says so, nothing is written, and «Вернуться в дневник» tells the diary', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, BELOV.login, BELOV.password);
    const page = await linkThroughEsia(h, browser, 'student-15', 'deny');
    expect(page.status).toBe(403);
    expect(page.text).toContain('Вы отказались предоставить доступ');
    const back = await browser.follow(backToDiaryOf(h, page));
    expect(back.url).toMatch(new RegExp(`^${h.dnevnik.url}/oidc/callback\\?error=access_denied`));
    expect(back.text).toContain('Учетная запись портала госуслуг не привязана: привязка отменена');
    expect(await rows(h, `SELECT 1 FROM links WHERE legacy_user_id = $1`, [BELOV.userId])).toHaveLength(0);
  });

  it('a double-submitted confirmation writes one link, one event and one outbox row; one ends on the diary’s success page, the other is refused as a stale step', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, SOKOLOVA.login, SOKOLOVA.password);
    const confirm = await linkThroughEsia(h, browser, 'teacher-parent');
    const pages = await Promise.all([confirmLink(h, browser, confirm), confirmLink(h, browser, confirm)]);
    expect(pages.filter((p) => p.text.includes(SUCCESS))).toHaveLength(1);
    const other = pages.find((p) => !p.text.includes(SUCCESS))!;
    expect(other.status).toBeGreaterThanOrEqual(400);
    expect(other.status).toBeLessThan(500);
    // The session ended with the interaction: the stale form is refused and nothing more is written.
    const again = await confirmLink(h, browser, confirm);
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    const oid = '1000300008';
    expect(await rows(h, `SELECT 1 FROM links WHERE esia_oid = $1`, [oid])).toHaveLength(1);
    expect(
      await rows(h, `SELECT 1 FROM link_events e JOIN links l ON l.id = e.link_id WHERE l.esia_oid = $1`, [
        oid,
      ]),
    ).toHaveLength(1);
    expect(
      await rows(h, `SELECT 1 FROM outbox WHERE payload->>'userId' = $1`, [SOKOLOVA.userId]),
    ).toHaveLength(1);
  });

  it('when the diary account is already linked to another person, the conflict page shows and the school gets a request', async () => {
    await rows(
      h,
      `INSERT INTO links (esia_issuer, esia_oid, instance_id, legacy_user_id, method)
       VALUES ('http://esia.gosuslugi.ru/', 'someone-else', 'dnevnik-86', $1, 'settings-page')`,
      [MAKSIM.userId],
    );
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, MAKSIM.login, MAKSIM.password);
    const page = await linkThroughEsia(h, browser, 'student-15');
    expect(page.status).toBe(409);
    expect(page.text).toContain('уже привязана к другой учетной записи портала Госуслуг');
    expect(
      await rows(h, `SELECT esia_oid FROM links WHERE legacy_user_id = $1 AND revoked_at IS NULL`, [
        MAKSIM.userId,
      ]),
    ).toEqual([{ esia_oid: 'someone-else' }]);
    expect(
      await rows(h, `SELECT details->>'conflict' AS c FROM link_events WHERE kind = 'conflict'`),
    ).toContainEqual({ c: 'account_linked' });
    const requests = await rows(
      h,
      `SELECT reason, status FROM access_requests WHERE esia_oid = '1000300002'`,
    );
    expect(requests).toEqual([{ reason: 'data_mismatch', status: 'open' }]);
  });

  it('a pushed link address gives one code: its interaction stays in the browser that opened it, and once a code is issued the address is used up', async () => {
    const diary = await TestRelyingParty.of(h, 'dnevnik-86');
    const request = await diary.pushed({ intent: 'link', account: FEDOROV.userId });
    const first = new JourneyBrowser();
    const notice = await first.follow(request.url.href);
    expect(notice.url).toMatch(/\/notice$/);

    // The interaction's own address carried to another browser: its cookie is not there.
    for (const path of [notice.url, notice.url.replace(/\/notice$/, '')]) {
      const carried = await new JourneyBrowser().follow(path);
      expect(carried.status).toBe(400);
      expect(carried.text).toContain('Вернитесь в электронный дневник и начните заново');
      expect(carried.text).not.toContain('Продолжить');
    }

    // Opening the address again (a reload, RFC 9126 §4) starts another interaction, but only one code is issued.
    const second = new JourneyBrowser();
    expect((await second.follow(request.url.href)).url).toMatch(/\/notice$/);
    const code = await confirmWithoutReturning(
      h,
      first,
      await linkThroughEsia(h, first, 'name-spelled-with-e'),
    );
    expect(code).toMatch(new RegExp(`^${h.dnevnik.url}/oidc/callback\\?code=`));
    const secondConfirm = await linkThroughEsia(h, second, 'name-spelled-with-e');
    expect(secondConfirm.url).toMatch(/\/confirm$/);
    const late = await second.follow(secondConfirm.url, {
      form: { _csrf: csrfOf(secondConfirm) },
      stopAt: (u) => u.origin !== h.gatewayUrl,
    });
    const refused = new URL(late.location!);
    expect(refused.searchParams.get('error')).toBe('invalid_request_uri');
    expect(refused.searchParams.has('code')).toBe(false);

    const replay = await new JourneyBrowser().follow(request.url.href, {
      stopAt: (u) => u.origin !== h.gatewayUrl,
    });
    const used = new URL(replay.location!);
    expect(`${used.origin}${used.pathname}`).toBe(`${h.dnevnik.url}/oidc/callback`);
    expect(used.searchParams.get('error')).toBe('invalid_request_uri');
    expect(used.searchParams.has('code')).toBe(false);
  });

  it('without an account named by the diary, the diary password proves it first (flow A through the gateway’s form)', async () => {
    const diary = await TestRelyingParty.of(h, 'dnevnik-86');
    const request = await diary.pushed({ intent: 'link' });
    const browser = new JourneyBrowser();
    const form = await browser.follow(request.url.href);
    expect(form.url).toMatch(/\/interaction\/[^/]+\/password$/);
    expect(form.text).toContain('Дневник.ру');
    const wrong = await browser.follow(form.url, {
      form: { _csrf: csrfOf(form), login: FEDOROV.login, password: 'not-his' },
    });
    expect(wrong.status).toBe(401);
    const notice = await browser.follow(form.url, {
      form: { _csrf: csrfOf(wrong), login: FEDOROV.login, password: FEDOROV.password },
    });
    expect(notice.url).toMatch(/\/notice$/);
    const confirm = await linkThroughEsia(h, browser, 'name-spelled-with-e');
    const back = await browser.follow(confirm.url, {
      form: { _csrf: csrfOf(confirm) },
      stopAt: (u) => u.origin !== h.gatewayUrl,
    });
    const tokens = await diary.redeem(back.location!, request);
    expect(tokens.claims()).toMatchObject({ sub: FEDOROV.userId, link: 'created' });
    expect(
      await rows(h, `SELECT method FROM links WHERE legacy_user_id = $1 AND revoked_at IS NULL`, [
        FEDOROV.userId,
      ]),
    ).toEqual([{ method: 'diary-password' }]);
  });
});
