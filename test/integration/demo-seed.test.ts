import { decide } from '../../src/core/policy';
import { localDateAt, parseIsoDate } from '../../src/core/local-date';
import { fromRoot } from '../../src/paths';
import { readDemoLinks, seedDemoState, type DemoLink } from '../../src/services/demo-seed';
import { toCutoverPolicy } from '../../src/core/policy-settings';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { PoliciesRepository } from '../../src/store/policies.repository';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ISSUER = 'http://esia.gosuslugi.ru/';
const at = (iso: string) => ({ now: () => new Date(iso) });

/*
 * The demo state `npm start` seeds (issue 18): region 86 closed a week before today, region 38 in the
 * information window two weeks before its date, in each region's own calendar; the demo operator; Иванова
 * Елена's Дневник.ру link. On a real PostgreSQL with config/ loaded as a start loads it.
 */
describe('the demo state that npm start seeds', () => {
  let db: TestDatabase;
  let policies: PoliciesRepository;
  let links: DemoLink[];
  beforeEach(async () => {
    links = await readDemoLinks(fromRoot('config/demo-state.json'));
    db = await createTestDatabase();
    await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
    policies = new PoliciesRepository(db.dataSource);
  });
  afterEach(() => db.drop());

  const seed = (iso: string, nodeEnv = 'development') =>
    seedDemoState({ dataSource: db.dataSource, clock: at(iso), nodeEnv, esiaIssuer: ISSUER, links });

  it('86 enforced since a week before the region’s today, 38 closing in two weeks; each seed journey decides as the guide says', async () => {
    // 20:30 UTC on 7 December is already 8 December in Иркутск (UTC+8) and 8 December 01:30 in Екатеринбург (UTC+5).
    const seeded = await seed('2026-12-07T20:30:00Z');
    expect(seeded).toEqual([
      { tenantId: '86', outcome: 'written', mode: 'enforce', cutoverDate: '2026-12-01' },
      { tenantId: '38', outcome: 'written', mode: 'enforce', cutoverDate: '2026-12-22' },
    ]);
    const now = new Date('2026-12-07T20:30:00Z');
    const decision = async (tenantId: string, birth: string, roles: Array<'student' | 'parent'>) => {
      const stored = (await policies.current(tenantId, null))!;
      const { policy } = toCutoverPolicy(stored);
      return decide(policy, { roles, birthDate: parseIsoDate(birth), linked: false, exemptions: [] }, now)
        .decision;
    };
    // Максим (2011-03-10, 15), София (2013-08-30, 13), Егор (2012-11-23, 14 since 23.11), Елена (1984, parent).
    expect(await decision('86', '2011-03-10', ['student'])).toBe('deny');
    expect(await decision('86', '2012-11-23', ['student'])).toBe('deny');
    expect(await decision('86', '2013-08-30', ['student'])).toBe('allow');
    expect(await decision('86', '1984-05-17', ['parent'])).toBe('deny');
    expect(await decision('38', '2011-03-10', ['student'])).toBe('warn');
    expect(await decision('38', '1984-05-17', ['parent'])).toBe('warn');
    expect(await decision('38', '2013-08-30', ['student'])).toBe('allow');
    expect(localDateAt(now, 'Asia/Irkutsk')).toEqual({ year: 2026, month: 12, day: 8 });
  });

  it('the operator and Иванова Елена’s Дневник.ру link (with its notice to the diary) are there, once', async () => {
    await seed('2026-12-07T09:00:00Z');
    await seed('2026-12-07T10:00:00Z');
    const operators = (await db.dataSource.query(
      `SELECT esia_oid, role, tenant_ids FROM operators`,
    )) as Array<{ esia_oid: string; role: string; tenant_ids: string[] }>;
    expect(operators).toEqual([{ esia_oid: '1000300009', role: 'editor', tenant_ids: ['86', '38'] }]);
    expect(links).toEqual([
      { instanceId: 'dnevnik-86', userId: '1000000000000000101', esiaOid: '1000300001' },
    ]);
    const rows = (await db.dataSource.query(
      `SELECT instance_id, legacy_user_id, esia_oid FROM links WHERE revoked_at IS NULL`,
    )) as Array<Record<string, string>>;
    expect(rows).toEqual(
      links.map((l) => ({ instance_id: l.instanceId, legacy_user_id: l.userId, esia_oid: l.esiaOid })),
    );
    const notices = (await db.dataSource.query(
      `SELECT instance_id FROM outbox WHERE topic = 'link.created'`,
    )) as unknown[];
    expect(notices).toHaveLength(1);
  });

  it('a start on the same day changes nothing; a start ten days later moves the dates; an operator’s change is kept', async () => {
    await seed('2026-12-07T09:00:00Z');
    expect((await seed('2026-12-07T15:00:00Z')).map((s) => s.outcome)).toEqual(['current', 'current']);
    const later = await seed('2026-12-17T09:00:00Z');
    expect(later.map((s) => [s.outcome, s.cutoverDate])).toEqual([
      ['written', '2026-12-10'],
      ['written', '2026-12-31'],
    ]);
    const mine = (await policies.current('38', null))!;
    await policies.change({
      tenantId: '38',
      instanceId: null,
      settings: { ...mine, mode: 'shadow', cutoverDate: '2027-03-01' },
      actor: 'op:volkov',
      reason: 'перенесли дату',
      at: new Date('2026-12-18T09:00:00Z'),
    });
    const afterOperator = await seed('2026-12-19T09:00:00Z');
    expect(afterOperator[1]).toEqual({
      tenantId: '38',
      outcome: 'kept',
      mode: 'shadow',
      cutoverDate: '2027-03-01',
    });
    expect((await policies.current('38', null))!.createdBy).toBe('op:volkov');
  });

  it('is refused in production, and writes nothing there', async () => {
    await expect(seed('2026-12-07T09:00:00Z', 'production')).rejects.toThrow(/never seeded in production/);
    expect(await policies.current('86', null)).toBeNull();
    expect(await db.dataSource.query('SELECT 1 FROM operators')).toEqual([]);
    expect(await db.dataSource.query('SELECT 1 FROM links')).toEqual([]);
  });
});
