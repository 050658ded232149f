import { Client } from 'pg';
import { generatedTeachers } from '../support/generated-people';
import {
  demoVendorKey,
  eventually,
  expectAnsweredOr503Unavailable,
  sleep,
  startDecisionLoad,
  startReadinessProbe,
  tearDownGatewayWorld,
} from '../support/fault-tools';
import { JourneyBrowser, type Page } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { confirmLink, linkFromDiarySettings, linkThroughEsia } from '../support/journey-steps';
import { startReplicatedPostgres, type ReplicatedPostgres } from '../support/replicated-postgres';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';

jest.setTimeout(240_000);

const PEOPLE = 24;

/** What one press of «Привязать» ended with, as the diary's page showed it. */
interface Press {
  userId: string;
  at: number;
  acknowledged: boolean;
  status: number;
}

/**
 * Issue 12, item 1. A primary and a synchronous streaming standby (Debian's binaries, private ports); both the
 * in-process gateway of the journeys and a gateway process are given DATABASE_URL with both hosts and
 * target_session_attrs=read-write. Under a steady load of link confirmations and password decisions the primary
 * dies (`pg_ctl stop -m immediate`) and the standby is promoted.
 */
describe('when the PostgreSQL primary dies and its synchronous standby is promoted, under load', () => {
  let pg: ReplicatedPostgres;
  let gw: GatewayProcess;
  let gatewayUrl: string;
  let h: JourneyHarness;
  const people = generatedTeachers(PEOPLE);

  beforeAll(async () => {
    pg = await startReplicatedPostgres({ synchronous: true });
    gw = spawnGateway({
      DATABASE_URL: pg.url,
      PORT: '0',
      LOG_LEVEL: 'error',
      EMULATORS: 'false',
      DATABASE_POOL_MAX: '6',
      SHUTDOWN_GRACE_MS: '0',
    });
    [gatewayUrl, h] = await Promise.all([
      gw.listening,
      startJourneyHarness({
        databaseServerUrl: pg.url,
        personas: people.personas,
        dnevnikData: people.dnevnikData,
      }),
    ]);
  });

  afterAll(() => tearDownGatewayWorld({ gw, harness: h, pg }));

  it('answers 503 dependency_unavailable without a primary, recovers by itself, and every acknowledged link is on the new primary', async () => {
    // Every person up to the confirmation page before the load starts: the load is the presses (the writes).
    const pending: Array<{ browser: JourneyBrowser; page: Page; userId: string }> = [];
    const prepare = async (a: (typeof people.accounts)[number]) => {
      const browser = new JourneyBrowser();
      await linkFromDiarySettings(h, browser, a.login, a.password);
      const page = await linkThroughEsia(h, browser, a.persona);
      if (!/\/interaction\/[^/]+\/confirm$/.test(page.url))
        throw new Error(`${a.login}: no confirmation page: ${page.status} ${page.text.slice(0, 300)}`);
      pending.push({ browser, page, userId: a.userId });
    };
    // Three people at a time, as a morning's visitors would come.
    for (let i = 0; i < people.accounts.length; i += 3)
      await Promise.all(people.accounts.slice(i, i + 3).map(prepare));

    const presses: Press[] = [];
    const key = demoVendorKey('dnevnik-86');
    const confirmer = async () => {
      for (let next = pending.shift(); next; next = pending.shift()) {
        const page = await confirmLink(h, next.browser, next.page);
        presses.push({
          userId: next.userId,
          at: Date.now(),
          acknowledged: page.text.includes('Отлично!'),
          status: page.status,
        });
        await sleep(120);
      }
    };
    const confirmers = [confirmer(), confirmer()];
    const load = startDecisionLoad(key, [gatewayUrl, gatewayUrl, gatewayUrl], {
      prefix: 'failover',
      pauseMs: 30,
    });
    const probe = startReadinessProbe(gatewayUrl);
    const [decisions, probes] = [load.results, probe.results];

    await eventually(() => presses.length >= 4, 20_000, 'links confirmed before the failover');
    const crashedAt = Date.now();
    await pg.crashPrimary();
    // No primary for a while (a real failover manager waits for a timeout before it promotes).
    await eventually(() => probes.some((p) => p.at > crashedAt && p.status === 503), 5000, '/readyz 503');
    await sleep(800);
    const promotedAt = Date.now();
    await pg.promoteStandby();

    await Promise.all(confirmers);
    await eventually(
      () => decisions.some((d) => d.at > promotedAt + 200 && d.status === 200),
      15_000,
      'decisions answered on the new primary',
    );
    await eventually(() => probes.some((p) => p.at > promotedAt && p.status === 200), 15_000, '/readyz 200');
    await Promise.all([load.stop(), probe.stop()]);

    // The gateway process was never restarted; while there was no primary it answered 503 with the code and
    // the Russian words, never a 500 or a dropped connection.
    expect(gw.child.exitCode).toBeNull();
    expectAnsweredOr503Unavailable(decisions);
    expect(probes.find((p) => p.at > crashedAt && p.status === 503)?.postgres).toBe('down');
    expect(probes.at(-1)?.status).toBe(200);
    // A press that could not be written showed the diary's «временно недоступен», never an error page of ours.
    for (const p of presses.filter((x) => !x.acknowledged)) expect(p.status).toBe(503);
    expect(presses.filter((p) => p.acknowledged && p.at > promotedAt).length).toBeGreaterThan(0);

    // Jepsen-style: read the new primary directly (the old one is gone) and count.
    const onNewPrimary = new Client({
      connectionString: `${pg.serverUrl('standby').replace(/\/postgres$/, '')}/${h.db.name}`,
    });
    await onNewPrimary.connect();
    try {
      const { rows: inRecovery } = await onNewPrimary.query<{ r: boolean }>(
        'SELECT pg_is_in_recovery() AS r',
      );
      expect(inRecovery[0]!.r).toBe(false);
      const present = async (userId: string) => {
        const { rows } = await onNewPrimary.query<{ links: string; events: string; outbox: string }>(
          `SELECT (SELECT count(*) FROM links WHERE legacy_user_id = $1) AS links,
                  (SELECT count(*) FROM link_events e JOIN links l ON l.id = e.link_id
                     WHERE l.legacy_user_id = $1 AND e.kind = 'linked') AS events,
                  (SELECT count(*) FROM outbox WHERE topic = 'link.created' AND payload->>'userId' = $1) AS outbox`,
          [userId],
        );
        return rows[0]!;
      };
      const acknowledged = presses.filter((p) => p.acknowledged);
      let presentCount = 0;
      let indeterminate = 0;
      for (const p of presses) {
        const row = await present(p.userId);
        // All or nothing: a link comes with its audit event and its outbox row.
        expect([row.links, row.events, row.outbox]).toEqual(
          row.links === '0' ? ['0', '0', '0'] : ['1', '1', '1'],
        );
        if (row.links === '1') presentCount += p.acknowledged ? 1 : 0;
        if (row.links === '1' && !p.acknowledged) indeterminate++;
      }
      process.stdout.write(
        `postgres failover (synchronous replication): presses ${presses.length}, acknowledged ${acknowledged.length}, ` +
          `acknowledged and present on the new primary ${presentCount}, written but not acknowledged ${indeterminate}; ` +
          `decisions ${decisions.length} (503 ${decisions.filter((d) => d.status === 503).length})\n`,
      );
      expect(presses).toHaveLength(PEOPLE);
      expect(presentCount).toBe(acknowledged.length);
    } finally {
      await onNewPrimary.end();
    }
  });
});
