import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { fromRoot } from '../../src/paths';
import { PoliciesRepository } from '../../src/store/policies.repository';
import { PolicyAuditRepository } from '../../src/store/policy-audit.repository';
import { PolicyOverridesRepository } from '../../src/store/policy-overrides.repository';
import { PolicyInvalidError, PolicyRequiredError } from '../../src/core/policy.errors';
import { defaultSettings } from '../../src/core/policy-settings';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let policies: PoliciesRepository;
let overrides: PolicyOverridesRepository;
const at = new Date('2026-05-01T10:00:00Z');
const base = defaultSettings('Asia/Yekaterinburg');

beforeAll(async () => {
  db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
  policies = new PoliciesRepository(db.dataSource);
  overrides = new PolicyOverridesRepository(db.dataSource);
});

afterAll(async () => {
  await db?.drop();
});

const count = async (table: string) =>
  Number((await db.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

describe('policies repository', () => {
  it('refuses an invalid policy with every problem and saves nothing', async () => {
    const attempt = policies.change({
      tenantId: '86',
      instanceId: null,
      settings: {
        ...base,
        mode: 'enforce',
        announceDate: '2026-09-10',
        cutoverDate: '2026-09-01',
        timeZone: 'Mars/Olympus',
      },
      actor: 'op',
      reason: '',
      at,
    });
    await expect(attempt).rejects.toBeInstanceOf(PolicyInvalidError);
    const error = (await attempt.catch((e: unknown) => e)) as PolicyInvalidError;
    const problems = error.problems.map((p) => p.code);
    expect(problems).toEqual(
      expect.arrayContaining(['unknown_time_zone', 'cutover_before_announce', 'reason_required']),
    );
    expect(await count('policies')).toBe(0);
    expect(await count('policy_changes')).toBe(0);
  });

  it('writes a new version and an audit row (who, when, why, before, after) together', async () => {
    const first = await policies.change({
      tenantId: '86',
      instanceId: null,
      settings: base,
      actor: 'op-1',
      reason: 'start',
      at,
    });
    const second = await policies.change({
      tenantId: '86',
      instanceId: null,
      settings: { ...base, mode: 'announce', cutoverDate: '2026-09-01' },
      actor: 'op-2',
      reason: 'announce the date',
      at,
    });
    expect([first.version, second.version]).toEqual([1, 2]);
    const log = await new PolicyAuditRepository(db.dataSource).list({ tenantIds: ['86'] });
    expect(log[0]).toMatchObject({
      changedBy: 'op-2',
      reason: 'announce the date',
      before: expect.objectContaining({ mode: 'off', cutoverDate: null }),
      after: expect.objectContaining({ mode: 'announce', cutoverDate: '2026-09-01' }),
    });
    expect(await new PolicyAuditRepository(db.dataSource).list({ tenantIds: ['38'] })).toEqual([]);
  });

  it('audits bypass windows and exemptions; refuses them where the region has no policy', async () => {
    const bypass = await overrides.declareBypass({
      tenantId: '86',
      instanceId: null,
      startsAt: at,
      endsAt: new Date(at.getTime() + 3600_000),
      reason: 'ESIA outage',
      actor: 'op-1',
      at,
    });
    await overrides.endBypass({
      tenantId: '86',
      id: bypass.id,
      reason: 'ESIA is back',
      actor: 'op-1',
      at: new Date(at.getTime() + 60_000),
    });
    await overrides.addExemption({
      tenantId: '86',
      instanceId: 'dnevnik-86',
      legacyUserId: '42',
      reason: 'no passport yet',
      expiresAt: null,
      actor: 'op-1',
      at,
    });
    const reasons = (await new PolicyAuditRepository(db.dataSource).list({ tenantIds: ['86'] })).map(
      (e) => e.reason,
    );
    expect(reasons.slice(0, 3).sort()).toEqual(['ESIA is back', 'ESIA outage', 'no passport yet']);
    await expect(
      overrides.declareBypass({
        tenantId: '38',
        instanceId: null,
        startsAt: at,
        endsAt: new Date(at.getTime() + 1),
        reason: 'x',
        actor: 'op',
        at,
      }),
    ).rejects.toBeInstanceOf(PolicyRequiredError);
    await expect(
      overrides.declareBypass({
        tenantId: '86',
        instanceId: null,
        startsAt: at,
        endsAt: at,
        reason: ' ',
        actor: 'op',
        at,
      }),
    ).rejects.toBeInstanceOf(PolicyInvalidError);
  });
});
