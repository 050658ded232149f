import { JourneyBrowser, type Page } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import {
  confirmLink,
  linkFromDiarySettings,
  linkThroughEsia,
  rows,
  vendorCall,
} from '../support/journey-steps';

const BELOV = { login: 'belov.timur', password: 'Dnevnik-Belov1', userId: '1000000000000000120' };
const MAKSIM = { login: 'ivanov.maksim', password: 'Dnevnik-Maksim1', userId: '1000000000000000102' };

describe('the outbox, unlink (flow E) and a race for one diary account (real HTTP, PostgreSQL)', () => {
  let h: JourneyHarness;
  let onlyWayIn = false;
  beforeAll(async () => {
    h = await startJourneyHarness({ onlyWayIn: async () => onlyWayIn });
  });
  afterAll(() => h.close());

  it('when the vendor is down, notifications wait with attempts and an error; when it is back, each is delivered once', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, MAKSIM.login, MAKSIM.password);
    const confirm = await linkThroughEsia(h, browser, 'student-15');
    await h.dnevnik.setDown(true);
    try {
      const done = await confirmLink(h, browser, confirm);
      expect(done.text).toContain('Отлично!');
      expect(await h.worker.runOnce()).toBe(0);
      const [waiting] = await rows<{ attempts: number; last_error: string; delivered_at: Date | null }>(
        h,
        `SELECT attempts, last_error, delivered_at FROM outbox WHERE topic = 'link.created'`,
      );
      expect(waiting).toMatchObject({ attempts: 1, delivered_at: null });
      expect(waiting!.last_error).toContain('VendorUnavailableError');
      expect(waiting!.last_error).not.toMatch(/\d{3}-\d{3}-\d{3} \d{2}/);
      expect(await h.worker.runOnce()).toBe(0); // backing off: not due yet
    } finally {
      await h.dnevnik.setDown(false);
    }
    h.clock.advance(60_000);
    try {
      expect(await h.worker.runOnce()).toBe(1);
      expect(await h.worker.runOnce()).toBe(0);
    } finally {
      h.clock.set(new Date());
    }
    const [row] = await rows<{ attempts: number; delivered: boolean }>(
      h,
      `SELECT attempts, delivered_at IS NOT NULL AS delivered FROM outbox WHERE topic = 'link.created'`,
    );
    expect(row).toEqual({ attempts: 2, delivered: true });
  });

  async function unlinkThroughEsia(persona: string): Promise<{ browser: JourneyBrowser; page: Page }> {
    const ticket = await vendorCall(h, 'dnevnik-86', 'POST', '/api/vendor/v1/link-tickets', {
      userId: MAKSIM.userId,
      returnUrl: `${h.dnevnik.url}/settings`,
      action: 'unlink',
    });
    expect(ticket.status).toBe(201);
    const browser = new JourneyBrowser();
    const notice = await browser.follow(ticket.json['linkUrl']);
    expect(notice.text).toContain('Отвязка учетной записи портала Госуслуг');
    return { browser, page: await linkThroughEsia(h, browser, persona) };
  }

  const csrf = (page: Page) => /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;

  it('after cutover a 14+ user cannot remove the only way in; otherwise unlink with fresh proof revokes and tells the vendor', async () => {
    const { browser, page } = await unlinkThroughEsia('student-15');
    expect(page.url).toBe(`${h.gatewayUrl}/unlink/confirm`);
    onlyWayIn = true;
    const refused = await browser.follow(`${h.gatewayUrl}/unlink/confirm`, { form: { _csrf: csrf(page) } });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('единственный способ входа');
    onlyWayIn = false;

    h.clock.advance(5 * 60_000 + 1000);
    try {
      const stale = await browser.follow(`${h.gatewayUrl}/unlink/confirm`, { form: { _csrf: csrf(page) } });
      expect(stale.status).toBe(400);
    } finally {
      h.clock.set(new Date());
    }

    const fresh = await unlinkThroughEsia('student-15');
    const done = await fresh.browser.follow(`${h.gatewayUrl}/unlink/confirm`, {
      form: { _csrf: csrf(fresh.page) },
    });
    expect(done.text).toContain('Учетная запись портала Госуслуг отвязана');
    expect(
      await rows(h, `SELECT 1 FROM links WHERE legacy_user_id = $1 AND revoked_at IS NULL`, [MAKSIM.userId]),
    ).toHaveLength(0);
    expect(await rows(h, `SELECT kind FROM link_events WHERE kind = 'revoked'`)).toHaveLength(1);
    expect(await h.worker.runOnce()).toBe(1);
    const status = await vendorCall(
      h,
      'dnevnik-86',
      'GET',
      `/api/vendor/v1/links/dnevnik-86/${MAKSIM.userId}`,
    );
    expect(status.json).toMatchObject({ linked: false });
  });

  it('unlinking someone else’s link is refused', async () => {
    const browser = new JourneyBrowser();
    await linkFromDiarySettings(h, browser, MAKSIM.login, MAKSIM.password);
    await confirmLink(h, browser, await linkThroughEsia(h, browser, 'student-15'));
    const { page } = await unlinkThroughEsia('parent-two-schools');
    expect(page.status).toBe(409);
    expect(page.text).toContain('привязана к другой учетной записи');
  });

  it('100 concurrent attempts to link one diary account end with exactly one link; the others get the conflict page', async () => {
    const personas = ['parent-two-schools', 'teacher-parent', 'regional-operator', 'snils-mismatch'];
    const prepared: Array<{ browser: JourneyBrowser; confirm: Page; persona: string }> = [];
    for (let batch = 0; batch < 10; batch++)
      prepared.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async (_, i) => {
            const persona = personas[(batch * 10 + i) % personas.length]!;
            const browser = new JourneyBrowser();
            await linkFromDiarySettings(h, browser, BELOV.login, BELOV.password);
            return { browser, confirm: await linkThroughEsia(h, browser, persona), persona };
          }),
        )),
      );
    expect(prepared.every((p) => p.confirm.url.endsWith('/link/confirm'))).toBe(true);
    const results = await Promise.all(prepared.map((p) => confirmLink(h, p.browser, p.confirm)));
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
    const links = await rows<{ esia_oid: string }>(
      h,
      `SELECT esia_oid FROM links WHERE legacy_user_id = $1 AND revoked_at IS NULL`,
      [BELOV.userId],
    );
    expect(links).toHaveLength(1);
    const winnerOid = links[0]!.esia_oid;
    results.forEach((r, i) => {
      const won = prepared[i]!.persona === personaOf(winnerOid);
      expect(r.text).toContain(won ? 'Отлично!' : 'Привязка невозможна');
    });
    // 100 complete diary + ESIA sign-ins (real GOST) take tens of seconds on a loaded two-core machine.
  }, 180_000);
});

function personaOf(oid: string): string {
  return (
    {
      '1000300001': 'parent-two-schools',
      '1000300008': 'teacher-parent',
      '1000300009': 'regional-operator',
      '1000300006': 'snils-mismatch',
    } as Record<string, string>
  )[oid]!;
}
