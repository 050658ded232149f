import { createLogger } from '../../src/logger';
import { AccessRequestStatusWorker } from '../../src/services/access-request-status-worker';
import { AccessRequestSyncRepository } from '../../src/store/access-request-sync.repository';
import { JourneyBrowser, type Page } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { rows, sendAccessRequest, signInAtDiary } from '../support/journey-steps';

const POLL = {
  pollMs: 50,
  batchSize: 20,
  leaseMs: 30_000,
  intervalMs: 60_000,
  backoffBaseMs: 60_000,
  backoffMaxMs: 10 * 60_000,
};

describe('flow D through ЦОП: the school resolves a request in its own queue, the gateway polls the outcome (real HTTP, PostgreSQL, ЦОП emulator)', () => {
  let h: JourneyHarness;
  let poller: AccessRequestStatusWorker;
  beforeAll(async () => {
    h = await startJourneyHarness();
    poller = new AccessRequestStatusWorker(
      {
        sync: new AccessRequestSyncRepository(h.db.dataSource),
        links: h.deps.links,
        diaries: h.deps.diaries,
        clock: h.clock,
        logger: createLogger({ level: 'info', destination: h.logs }),
      },
      POLL,
    );
  });
  afterAll(() => h.close());

  /** «Войти через Госуслуги» at ЦОП: its request to the provider, then ESIA as `persona`. */
  const signIn = (browser: JourneyBrowser, persona: string) => signInAtDiary(h, browser, h.cop.url, persona);

  /** «Не удалось найти…» → «Обратиться в организацию» → the form sent; returns the request's page. */
  async function requestAccess(browser: JourneyBrowser, persona: string, organizationId: string) {
    const notFound = await signIn(browser, persona);
    expect(notFound.text).toContain('Не удалось найти вашу учетную запись');
    expect(notFound.text).toContain('Обратиться в организацию');
    const form = await browser.follow(`${h.gatewayUrl}/requests/new?cause=no_snils`);
    const sent = await sendAccessRequest(browser, h.gatewayUrl, form, {
      organizationId,
      role: 'parent',
      message: 'Меня нет в личном деле дочери',
      contact: '+7(913)1000007',
    });
    expect(sent.text).toContain('Обращение принято');
    return { url: sent.url, id: sent.url.split('/').pop()! };
  }

  /** The outbox hands the request to ЦОП; the vendor's id is stored with the delivery. */
  async function deliver(id: string): Promise<string> {
    await h.worker.runOnce();
    const [row] = await rows<{ externalId: string | null; delivered: boolean }>(
      h,
      `SELECT r.external_id AS "externalId", o.delivered_at IS NOT NULL AS delivered
       FROM access_requests r JOIN outbox o ON o.payload->>'requestId' = r.id::text WHERE r.id = $1`,
      [id],
    );
    expect(row).toEqual({ externalId: expect.stringMatching(/^ЗД-/), delivered: true });
    return row!.externalId!;
  }

  const requestRow = (id: string) =>
    rows(
      h,
      `SELECT status, resolution, resolved_at IS NOT NULL AS "hasResolvedAt", link_id IS NOT NULL AS linked,
         vendor_poll_failures AS failures FROM access_requests WHERE id = $1`,
      [id],
    ).then((r) => r[0]);

  it('foreign-no-snils (no SNILS, no match) asks the school; staff add him as a representative in ЦОП; the poll links him, his page says so, and the next ESIA sign-in goes straight in', async () => {
    const browser = new JourneyBrowser();
    const request = await requestAccess(browser, 'foreign-no-snils', '8603010110');
    const notFound = await signIn(new JourneyBrowser(), 'foreign-no-snils');
    // Without a SNILS at Gosuslugi nothing could be looked up: the page says so, not «SNILS not found».
    expect(notFound.text).toContain('не указан СНИЛС');
    expect(notFound.text).not.toContain('в школьных данных нет вашего СНИЛС');
    const externalId = await deliver(request.id);

    await staffDecides(h.cop.url, 'sosh110', 'Staff110-2026', externalId, {
      action: 'resolve',
      target: 'new:110-2023-0227',
    });
    expect((await browser.follow(request.url)).text).toContain('Обращение принято');

    expect(await poller.runOnce()).toBe(1);
    expect(await requestRow(request.id)).toEqual({
      status: 'resolved',
      resolution: expect.stringContaining('Профиль создан'),
      hasResolvedAt: true,
      linked: true,
      failures: 0,
    });
    const [link] = await rows<{ id: string; method: string; userId: string }>(
      h,
      `SELECT id, method, legacy_user_id AS "userId" FROM links
       WHERE instance_id = 'cop-86' AND esia_oid = '1000300007' AND revoked_at IS NULL`,
    );
    expect(link).toMatchObject({ method: 'operator' });
    expect(await rows(h, `SELECT kind FROM link_events WHERE link_id = $1`, [link!.id])).toEqual([
      { kind: 'linked' },
    ]);
    // ЦОП asks for no link notices (linkNotifications off), so none waits in the outbox.
    expect(h.deps.diaries.get('cop-86').adapter.capabilities.linkNotifications).toBe(false);
    expect(await rows(h, `SELECT 1 FROM outbox WHERE payload->>'linkId' = $1`, [link!.id])).toEqual([]);

    const outcome = await browser.follow(request.url);
    expect(outcome.text).toContain('Заявка рассмотрена');
    expect(outcome.text).toContain('Теперь вы можете входить через Госуслуги');
    expect(outcome.text).toContain('Профиль создан');

    const fresh = new JourneyBrowser();
    const back = await signIn(fresh, 'foreign-no-snils');
    expect(back.location).toMatch(new RegExp(`^${h.cop.url}/oidc/callback\\?code=`));
    const journal = await fresh.follow(back.location!);
    expect(journal.status).toBe(200);
    expect(journal.text).toContain('Электронный журнал');

    // Polled again, nothing more happens: the request is closed, the link is written once.
    expect(await poller.runOnce()).toBe(0);
    expect(await rows(h, `SELECT 1 FROM links WHERE esia_oid = '1000300007'`)).toHaveLength(1);
  });

  it('a resolve for a request made with an unconfirmed ESIA account closes it but links nothing (its name is self-asserted)', async () => {
    const browser = new JourneyBrowser();
    const request = await requestAccess(browser, 'simplified-unconfirmed', '8603010110');
    const externalId = await deliver(request.id);
    await staffDecides(h.cop.url, 'sosh110', 'Staff110-2026', externalId, {
      action: 'resolve',
      target: 'new:110-2023-0227',
    });

    expect(await poller.runOnce()).toBe(1);
    expect(await requestRow(request.id)).toMatchObject({ status: 'resolved', linked: false });
    const outcome = await browser.follow(request.url);
    expect(outcome.text).toContain('Заявка рассмотрена');
    expect(outcome.text).not.toContain('Теперь вы можете входить');
    expect(
      await rows(h, `SELECT 1 FROM links WHERE method = 'operator' AND esia_oid <> '1000300007'`),
    ).toEqual([]);
  });

  it('a resolve naming an account already linked to somebody else is recorded as a conflict, never forced', async () => {
    await rows(
      h,
      `INSERT INTO links (esia_issuer, esia_oid, instance_id, legacy_user_id, method)
       VALUES ('http://esia.gosuslugi.ru/', 'someone-else', 'cop-86', '1860000000000000107', 'settings-page')`,
    );
    const browser = new JourneyBrowser();
    const request = await requestAccess(browser, 'regional-operator', '8603010110');
    const externalId = await deliver(request.id);
    await staffDecides(h.cop.url, 'sosh110', 'Staff110-2026', externalId, {
      action: 'resolve',
      target: '110-2023-0227/rep/0',
    });

    expect(await poller.runOnce()).toBe(1);
    expect(await requestRow(request.id)).toMatchObject({ status: 'resolved', linked: false });
    expect(
      await rows(h, `SELECT esia_oid AS oid FROM links WHERE legacy_user_id = '1860000000000000107'`),
    ).toEqual([{ oid: 'someone-else' }]);
    expect(
      await rows(
        h,
        `SELECT actor, details->>'conflict' AS conflict FROM link_events WHERE details->>'requestId' = $1`,
        [request.id],
      ),
    ).toEqual([{ actor: 'vendor:cop-86', conflict: 'account_linked' }]);
    expect((await browser.follow(request.url)).text).not.toContain('Теперь вы можете входить');
  });

  it('a rejected request shows the school’s note, and no link is written', async () => {
    const browser = new JourneyBrowser();
    const request = await requestAccess(browser, 'regional-operator', '8603010074');
    const externalId = await deliver(request.id);
    await staffDecides(h.cop.url, 'gym74', 'Staff74-2026', externalId, {
      action: 'reject',
      comment: 'В гимназии нет обучающихся с вашим представительством',
    });

    expect(await poller.runOnce()).toBe(1);
    expect(await requestRow(request.id)).toMatchObject({ status: 'rejected', linked: false });
    const outcome = await browser.follow(request.url);
    expect(outcome.text).toContain('Заявка рассмотрена и отклонена');
    expect(outcome.text).toContain('В гимназии нет обучающихся с вашим представительством');
    expect(outcome.text).not.toContain('Теперь вы можете входить');
    expect(await rows(h, `SELECT 1 FROM links WHERE esia_oid = '1000300009'`)).toEqual([]);
  });

  it('a ЦОП outage during the poll changes nothing; the request is asked about again after a backoff', async () => {
    const browser = new JourneyBrowser();
    const request = await requestAccess(browser, 'regional-operator', '8603010074');
    const externalId = await deliver(request.id);
    await staffDecides(h.cop.url, 'gym74', 'Staff74-2026', externalId, {
      action: 'reject',
      comment: 'Обратитесь лично в приёмную',
    });

    h.cop.setDown(true);
    try {
      expect(await poller.runOnce()).toBe(0);
    } finally {
      h.cop.setDown(false);
    }
    expect(h.logs.text).toContain('access request status poll failed');
    expect(await requestRow(request.id)).toEqual({
      status: 'open',
      resolution: null,
      hasResolvedAt: false,
      linked: false,
      failures: 1,
    });
    expect((await browser.follow(request.url)).text).toContain('Обращение принято');

    // Back up, but the backoff has not passed yet: not asked.
    expect(await poller.runOnce()).toBe(0);
    expect(await requestRow(request.id)).toMatchObject({ status: 'open', failures: 1 });

    h.clock.advance(POLL.backoffBaseMs);
    expect(await poller.runOnce()).toBe(1);
    expect(await requestRow(request.id)).toMatchObject({ status: 'rejected', failures: 0 });
    expect((await browser.follow(request.url)).text).toContain('Обратитесь лично в приёмную');
  });
});

/** A staff member of a school signs in to ЦОП and resolves or rejects a request on its staff page. */
async function staffDecides(
  copUrl: string,
  login: string,
  password: string,
  externalId: string,
  decision: { action: 'resolve'; target: string } | { action: 'reject'; comment: string },
): Promise<void> {
  const staff = new JourneyBrowser();
  const queue: Page = await staff.follow(`${copUrl}/staff/login`, { form: { login, password } });
  expect(queue.text).toContain(externalId);
  const page = await staff.follow(`${copUrl}/staff/requests/${encodeURIComponent(externalId)}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1]!;
  if (decision.action === 'resolve') expect(page.text).toContain(`value="${decision.target}"`);
  const done = await staff.follow(`${copUrl}/staff/requests/${encodeURIComponent(externalId)}/resolve`, {
    form: { csrf, snils: '', target: '', comment: '', ...decision },
  });
  expect(done.url).toMatch(/\/staff\/requests\?done=/);
}
