import { createHmac } from 'node:crypto';
import { FixedClock } from '../../src/core/clock';
import { createMetrics } from '../../src/http/metrics';
import { createLogger } from '../../src/logger';
import { Pseudonyms } from '../../src/crypto/pseudonyms';
import { RetentionWorker } from '../../src/services/retention-worker';
import { AccessRequestsRepository } from '../../src/store/access-requests.repository';
import { createDataSource } from '../../src/store/data-source';
import { LinksRepository } from '../../src/store/links.repository';
import { PolicyOverridesRepository } from '../../src/store/policy-overrides.repository';
import { RedactionRepository } from '../../src/store/redaction.repository';
import { RetentionRepository } from '../../src/store/retention.repository';
import { LogCapture } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const KEY = Buffer.alloc(32, 9);
/** The documented pseudonym, computed here from its definition (docs/personal-data.md), not by the class. */
const pn = (input: string) => `pn:${createHmac('sha256', KEY).update(input).digest('base64url')}`;
const oidPseudonym = (oid: string) => pn(`esia-oid\u0000${oid}`);
const accountPseudonym = (instance: string, user: string) =>
  pn(`diary-account\u0000${instance}\u0000${user}`);

const DAY = 86_400_000;
const ISSUER = 'http://esia.gosuslugi.ru/';
const T0 = new Date('2026-01-10T09:00:00Z');
const PERIODS = { accessRequestDays: 30, outboxDays: 7, revokedLinkDays: 365, exemptionDays: 90 };

let db: TestDatabase;
let clock: FixedClock;
let logs: LogCapture;
const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  db.dataSource.query(text, params);

function worker(options: { batchSize?: number; dataSource?: TestDatabase['dataSource'] } = {}) {
  const metrics = createMetrics({ defaults: false });
  const purged = metrics.counter('retention_purged_rows_total', 'test', ['rule']);
  const retention = new RetentionRepository(
    options.dataSource ?? db.dataSource,
    new RedactionRepository(new Pseudonyms(KEY)),
  );
  const w = new RetentionWorker(
    {
      retention,
      periods: PERIODS,
      clock,
      logger: createLogger({ level: 'info', destination: logs }),
      purged,
    },
    { intervalMs: 60_000, firstRunMs: 60_000, batchSize: options.batchSize ?? 100, maxBatches: 100 },
  );
  return { worker: w, metrics };
}

beforeAll(async () => {
  db = await createTestDatabase();
  clock = new FixedClock(T0);
  logs = new LogCapture();
  await sql(`INSERT INTO tenants (id, name, time_zone) VALUES ('86', 'Югра', 'Asia/Yekaterinburg')`);
  await sql(
    `INSERT INTO diary_instances (id, tenant_id, adapter_kind, base_url, display_name, credentials_ref)
     VALUES ('dnevnik-86', '86', 'dnevnik', 'http://127.0.0.1:1', 'Дневник', 'X')`,
  );
  await sql(
    `INSERT INTO policies (tenant_id, version, mode, cutover_date, created_by)
     VALUES ('86', 1, 'enforce', '2026-09-01', 'test')`,
  );
});

afterAll(async () => {
  await db?.drop();
});

describe('the retention purge, rule by rule, with the clock moved past each period', () => {
  const links = () => new LinksRepository(db.dataSource);
  const requests = () => new AccessRequestsRepository(db.dataSource);

  it('a closed access request keeps its message and contact for 30 days, then loses them and its name; an open one keeps them', async () => {
    const make = (oid: string) =>
      requests().create({
        instanceId: 'dnevnik-86',
        organizationId: 'school-7',
        role: 'parent',
        reason: 'organization_missing',
        message: 'Нет школы № 7 в списке',
        contact: '+7 900 000-00-01',
        esiaOid: oid,
        personName: 'Иванова Елена Сергеевна',
        at: T0,
        deliver: false,
      });
    const closed = await make('1000300001');
    const open = await make('1000300002');
    await requests().close({ id: closed, status: 'resolved', resolution: 'Добавили', by: 'Петрова', at: T0 });

    clock.set(new Date(T0.getTime() + 29 * DAY));
    expect((await worker().worker.runOnce())['access-requests']).toBe(0);
    clock.set(new Date(T0.getTime() + 31 * DAY));
    expect((await worker().worker.runOnce())['access-requests']).toBe(1);

    const [row] = await sql(
      `SELECT message, contact, created_by, resolution, esia_oid, status, resolved_by, pseudonymised_at
       FROM access_requests WHERE id = $1`,
      [closed],
    );
    expect(row).toEqual({
      message: '',
      contact: '',
      created_by: null,
      resolution: null,
      esia_oid: oidPseudonym('1000300001'),
      status: 'resolved',
      resolved_by: 'Петрова',
      pseudonymised_at: new Date(T0.getTime() + 31 * DAY),
    });
    expect(await sql(`SELECT message, contact, esia_oid FROM access_requests WHERE id = $1`, [open])).toEqual(
      [{ message: 'Нет школы № 7 в списке', contact: '+7 900 000-00-01', esia_oid: '1000300002' }],
    );
  });

  it('a delivered notice is deleted after 7 days; an undelivered one stays however old', async () => {
    const at = new Date(T0.getTime() + 100 * DAY);
    for (const [key, delivered] of [
      ['old-delivered', new Date(at.getTime() - 8 * DAY)],
      ['new-delivered', new Date(at.getTime() - 6 * DAY)],
      ['old-undelivered', null],
    ] as const)
      await sql(
        `INSERT INTO outbox (instance_id, topic, payload, idempotency_key, created_at, delivered_at)
         VALUES ('dnevnik-86', 'link.created', '{"userId": "42"}', $1, $2, $3)`,
        [key, new Date(at.getTime() - 30 * DAY), delivered],
      );
    clock.set(at);
    expect((await worker().worker.runOnce()).outbox).toBe(1);
    expect(
      (await sql<{ k: string }>(`SELECT idempotency_key k FROM outbox ORDER BY 1`)).map((r) => r.k),
    ).toEqual(['new-delivered', 'old-undelivered']);
  });

  it('a revoked link and a conflict event keep their oid and account for 365 days, then hold pseudonyms; an active link is left', async () => {
    clock.set(T0);
    const create = async (oid: string, user: string) => {
      const r = await links().create({
        issuer: ISSUER,
        oid,
        instanceId: 'dnevnik-86',
        userId: user,
        method: 'settings-page',
        actor: 'user',
        at: T0,
        notify: false,
      });
      if (!r.ok) throw new Error('not linked');
      return r.link.id;
    };
    const revoked = await create('1000300011', 'u-11');
    const active = await create('1000300012', 'u-12');
    await links().revoke({
      linkId: revoked,
      userId: 'u-11',
      instanceId: 'dnevnik-86',
      reason: 'user',
      actor: 'user',
      at: T0,
      notify: false,
    });
    await links().recordConflict('dnevnik-86', 'user', T0, { conflict: 'account_linked', userId: 'u-11' });
    const eventsBefore = await sql(`SELECT id, link_id, kind, details FROM link_events ORDER BY id`);

    clock.set(new Date(T0.getTime() + 364 * DAY));
    const early = await worker().worker.runOnce();
    expect([early['revoked-links'], early['conflict-events']]).toEqual([0, 0]);
    clock.set(new Date(T0.getTime() + 366 * DAY));
    const due = await worker().worker.runOnce();
    expect([due['revoked-links'], due['conflict-events']]).toEqual([1, 1]);

    expect(
      await sql(`SELECT id, esia_oid, legacy_user_id, revoked_reason FROM links ORDER BY esia_oid DESC`),
    ).toEqual(
      expect.arrayContaining([
        {
          id: revoked,
          esia_oid: oidPseudonym('1000300011'),
          legacy_user_id: accountPseudonym('dnevnik-86', 'u-11'),
          revoked_reason: 'user',
        },
        { id: active, esia_oid: '1000300012', legacy_user_id: 'u-12', revoked_reason: null },
      ]),
    );
    const eventsAfter = await sql(`SELECT id, link_id, kind, details FROM link_events ORDER BY id`);
    expect(eventsAfter).toEqual(
      eventsBefore.map((e) =>
        e['kind'] === 'conflict'
          ? { ...e, details: { conflict: 'account_linked', userId: accountPseudonym('dnevnik-86', 'u-11') } }
          : e,
      ),
    );
  });

  it('an ended exemption keeps its account and reason for 90 days, then only its audit shape stays (and in the policy log); a bypass window is left whole', async () => {
    clock.set(T0);
    const overrides = new PolicyOverridesRepository(db.dataSource);
    const who = { actor: 'Иванова И. И. (esia 1000)', at: T0 };
    const expiring = await overrides.addExemption({
      ...who,
      tenantId: '86',
      instanceId: 'dnevnik-86',
      legacyUserId: 'u-21',
      reason: 'нет паспорта',
      expiresAt: new Date(T0.getTime() + 10 * DAY),
    });
    const revoked = await overrides.addExemption({
      ...who,
      tenantId: '86',
      instanceId: 'dnevnik-86',
      legacyUserId: 'u-22',
      reason: 'болеет',
      expiresAt: null,
    });
    await overrides.revokeExemption({ ...who, tenantId: '86', id: revoked.id, reason: 'выздоровел' });
    const lasting = await overrides.addExemption({
      ...who,
      tenantId: '86',
      instanceId: 'dnevnik-86',
      legacyUserId: 'u-23',
      reason: 'инвалидность',
      expiresAt: null,
    });
    const bypass = await overrides.declareBypass({
      ...who,
      tenantId: '86',
      instanceId: null,
      startsAt: T0,
      endsAt: new Date(T0.getTime() + DAY),
      reason: 'сбой ЕСИА',
    });
    const bypassBefore = await sql(`SELECT * FROM bypass_windows WHERE id = $1`, [bypass.id]);

    clock.set(new Date(T0.getTime() + 95 * DAY)); // 95 days after the revocation, 85 after the expiry
    expect((await worker().worker.runOnce()).exemptions).toBe(1);
    clock.set(new Date(T0.getTime() + 101 * DAY));
    expect((await worker().worker.runOnce()).exemptions).toBe(1);

    const rows = await sql(
      `SELECT id, legacy_user_id, reason FROM exemptions WHERE id = ANY($1) ORDER BY id`,
      [[expiring.id, revoked.id, lasting.id]],
    );
    expect(rows).toEqual([
      { id: expiring.id, legacy_user_id: accountPseudonym('dnevnik-86', 'u-21'), reason: '[удалено]' },
      { id: revoked.id, legacy_user_id: accountPseudonym('dnevnik-86', 'u-22'), reason: '[удалено]' },
      { id: lasting.id, legacy_user_id: 'u-23', reason: 'инвалидность' },
    ]);
    const log = JSON.stringify(await sql(`SELECT reason, before, after FROM policy_changes`));
    for (const gone of ['u-21', 'u-22', 'нет паспорта', 'болеет', 'выздоровел'])
      expect(log).not.toContain(gone);
    expect(log).toContain('u-23');
    expect(log).toContain('инвалидность');
    expect(log).toContain('сбой ЕСИА');
    expect(await sql(`SELECT * FROM bypass_windows WHERE id = $1`, [bypass.id])).toEqual(bypassBefore);
  });

  it('a second run changes nothing; the counter says what each rule did; the log names counts, no person', async () => {
    const { worker: again, metrics } = worker();
    const snapshot = JSON.stringify(
      await sql(`SELECT * FROM links, LATERAL (SELECT count(*) FROM access_requests) r ORDER BY links.id`),
    );
    expect(Object.values(await again.runOnce())).toEqual([0, 0, 0, 0, 0]);
    expect(
      JSON.stringify(
        await sql(`SELECT * FROM links, LATERAL (SELECT count(*) FROM access_requests) r ORDER BY links.id`),
      ),
    ).toBe(snapshot);
    expect(await metrics.registry.getSingleMetricAsString('retention_purged_rows_total')).toContain(
      'retention_purged_rows_total{rule="exemptions"} 0',
    );
    expect(logs.text).toMatch(/"purged":\{"access-requests":1,/);
    for (const personal of ['1000300001', 'u-11', 'Иванова Елена', '+7 900', 'нет паспорта'])
      expect(logs.text).not.toContain(personal);
  });

  it('two processes purging at once share the rows: each row is handled once', async () => {
    const at = new Date(T0.getTime() + 500 * DAY);
    for (let i = 0; i < 40; i++)
      await sql(
        `INSERT INTO outbox (instance_id, topic, payload, idempotency_key, created_at, delivered_at)
         VALUES ('dnevnik-86', 'link.created', '{}', $1, $2, $2)`,
        [`shared-${i}`, new Date(at.getTime() - 10 * DAY)],
      );
    clock.set(at);
    const second = createDataSource({ url: db.url, poolMax: 2 });
    await second.initialize();
    try {
      const counted = worker({ batchSize: 3 });
      const [a, b] = await Promise.all([
        counted.worker.runOnce(),
        worker({ batchSize: 3, dataSource: second }).worker.runOnce(),
      ]);
      expect(a.outbox + b.outbox).toBe(40);
      expect(await counted.metrics.registry.getSingleMetricAsString('retention_purged_rows_total')).toContain(
        `retention_purged_rows_total{rule="outbox"} ${a.outbox}`,
      );
    } finally {
      await second.destroy();
    }
    expect(await sql(`SELECT 1 FROM outbox WHERE idempotency_key LIKE 'shared-%'`)).toEqual([]);
  });
});
