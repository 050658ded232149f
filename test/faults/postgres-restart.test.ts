import { JourneyBrowser, type Page } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { confirmLink, linkFromDiarySettings, linkThroughEsia, rows } from '../support/journey-steps';
import {
  demoVendorKey,
  eventually,
  expectAnsweredOr503Unavailable,
  sleep,
  startDecisionLoad,
  startReadinessProbe,
  tearDownGatewayWorld,
} from '../support/fault-tools';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';

jest.setTimeout(120_000);

/** Diary accounts of the Дневник.ру emulator and the ESIA persona each links to. */
const ACCOUNTS = [
  ['ivanova.elena', 'Dnevnik-Ivanova1', 'parent-two-schools'],
  ['ivanov.maksim', 'Dnevnik-Maksim1', 'student-15'],
  ['sokolova.marina', 'Dnevnik-Sokolova1', 'teacher-parent'],
  ['nikolaev.egor', 'Dnevnik-Egor1', 'student-turning-14'],
  ['belov.timur', 'Dnevnik-Belov1', 'regional-operator'],
] as const;

describe('when PostgreSQL restarts in the middle of a load of decision and link requests', () => {
  let pg: PrivatePostgres;
  let gw: GatewayProcess;
  let gatewayUrl: string;
  let h: JourneyHarness;

  beforeAll(async () => {
    // A private server: the machine's shared PostgreSQL serves suites running in parallel and must stay up.
    pg = await startPrivatePostgres();
    gw = spawnGateway({
      DATABASE_URL: pg.url,
      PORT: '0',
      LOG_LEVEL: 'error',
      EMULATORS: 'false',
      DATABASE_POOL_MAX: '6',
    });
    gatewayUrl = await gw.listening;
    h = await startJourneyHarness({ databaseServerUrl: pg.url });
  });

  afterAll(() => tearDownGatewayWorld({ gw, harness: h, pg }));

  it('the gateway stays up, answers 503s meanwhile, recovers by itself, and loses no link or outbox message', async () => {
    const key = demoVendorKey('dnevnik-86');
    // Confirmation pages in hand before the outage: the first person presses «Привязать» while the database is
    // down, the others after it is back.
    const pending: Array<{
      browser: JourneyBrowser;
      page: Page;
      login: string;
      password: string;
      persona: string;
    }> = [];
    for (const [login, password, persona] of ACCOUNTS) {
      const browser = new JourneyBrowser();
      await linkFromDiarySettings(h, browser, login, password);
      const page = await linkThroughEsia(h, browser, persona);
      if (/\/interaction\/[^/]+\/confirm$/.test(page.url))
        pending.push({ browser, page, login, password, persona });
    }
    expect(pending.length).toBeGreaterThanOrEqual(3);

    // The load: six vendors asking for password decisions, and a probe asking /readyz, until told to stop.
    const load = startDecisionLoad(key, Array<string>(6).fill(gatewayUrl), { prefix: 'load', pauseMs: 20 });
    const probe = startReadinessProbe(gatewayUrl);
    const [decisions, probes] = [load.results, probe.results];
    await sleep(700);

    const stoppedAt = Date.now();
    await pg.stop();
    // During the outage: «Привязать» sends the browser back to the diary, whose redemption of the code is
    // answered 503 temporarily_unavailable (nothing can be written); the diary says so, nothing hangs.
    const duringOutage = await confirmLink(h, pending[0]!.browser, pending[0]!.page);
    expect(duringOutage.url).toMatch(new RegExp(`^${h.dnevnik.url}/oidc/callback`));
    expect(duringOutage.status).toBe(503);
    expect(duringOutage.text).toContain('временно недоступен');
    await eventually(() => probes.some((p) => p.at > stoppedAt && p.status === 503), 5000, '/readyz 503');
    await sleep(1000);
    const startedAt = Date.now();
    await pg.start();

    // The first person's code is spent: she starts again from the diary's settings, as the diary told her. The
    // others press «Привязать» now, and again if the database is not quite back, as a person would.
    const confirmed = new Set<string>();
    const first = pending[0]!;
    await eventually(
      async () => {
        const browser = new JourneyBrowser();
        await linkFromDiarySettings(h, browser, first.login, first.password);
        const page = await confirmLink(h, browser, await linkThroughEsia(h, browser, first.persona));
        if (page.text.includes('Отлично!')) confirmed.add(first.login);
        return confirmed.has(first.login);
      },
      20_000,
      `link of ${first.login} started again`,
    );
    for (const p of pending.slice(1)) {
      const page = await confirmLink(h, p.browser, p.page);
      if (page.text.includes('Отлично!')) confirmed.add(p.login);
      else throw new Error(`${p.login}: ${page.status} ${page.text.slice(0, 300)}`);
    }
    await eventually(
      () => decisions.some((d) => d.at > startedAt && d.status === 200),
      15_000,
      'decisions again',
    );
    await eventually(() => probes.some((p) => p.at > startedAt && p.status === 200), 15_000, '/readyz 200');
    await sleep(300);
    await Promise.all([load.stop(), probe.stop()]);

    // The same process, never restarted.
    expect(gw.child.exitCode).toBeNull();
    // Every answer was a decision or a clear 503: no 500, no dropped connection, no hang.
    expectAnsweredOr503Unavailable(decisions);
    expect(Math.max(...decisions.map((d) => d.ms))).toBeLessThan(7000);
    expect(decisions.filter((d) => d.at > startedAt && d.status === 200).length).toBeGreaterThan(0);
    // /readyz: ready, then unavailable naming PostgreSQL, then ready again.
    expect(probes.find((p) => p.at < stoppedAt)?.status).toBe(200);
    expect(probes.find((p) => p.at > stoppedAt && p.status === 503)?.postgres).toBe('down');
    expect(probes.at(-1)?.status).toBe(200);

    // Nothing lost: one link, one audit event and one outbox message per confirmed person, all delivered.
    expect(confirmed.size).toBe(pending.length);
    const links = await rows<{ n: string }>(h, `SELECT count(*) AS n FROM links WHERE revoked_at IS NULL`);
    expect(Number(links[0]!.n)).toBe(pending.length);
    const events = await rows<{ n: string }>(
      h,
      `SELECT count(*) AS n FROM link_events WHERE kind = 'linked'`,
    );
    expect(Number(events[0]!.n)).toBe(pending.length);
    const outbox = await rows<{ n: string }>(
      h,
      `SELECT count(*) AS n FROM outbox WHERE topic = 'link.created'`,
    );
    expect(Number(outbox[0]!.n)).toBe(pending.length);
    let delivered = 0;
    await eventually(
      async () => (delivered += await h.worker.runOnce()) >= pending.length,
      10_000,
      'outbox delivered',
    );
    expect(delivered).toBe(pending.length);
    expect(await rows(h, `SELECT id FROM outbox WHERE delivered_at IS NULL`)).toEqual([]);
  });
});
