import { randomBytes } from 'node:crypto';
import { fromRoot } from '../../src/paths';
import {
  readDemoVendorCredentials,
  seedDemoVendorCredentials,
} from '../../src/services/demo-vendor-credentials';
import { UnknownRegionError } from '../../src/core/policy.errors';
import { SecretBox } from '../../src/crypto/secret-box';
import { ApiCredentialsRepository } from '../../src/store/api-credentials.repository';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { OperatorTokensRepository } from '../../src/store/operator-tokens.repository';
import { OperatorsRepository } from '../../src/store/operators.repository';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let operators: OperatorsRepository;
let credentials: ApiCredentialsRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
  operators = new OperatorsRepository(db.dataSource);
  credentials = new ApiCredentialsRepository(db.dataSource, new SecretBox(randomBytes(32)));
});

afterAll(async () => {
  await db?.drop();
});

const auditOf = (target: string) =>
  db.dataSource.query(
    'SELECT actor, action, tenant_ids, before, after FROM admin_audit WHERE target = $1 ORDER BY id',
    [target],
  ) as Promise<Array<Record<string, unknown>>>;

describe('the admin audit is written with the change, in the same transaction', () => {
  it('an audit row that cannot be written takes the change with it: no operator without its record', async () => {
    const grant = operators.grant(
      { esiaOid: '4000', displayName: 'Без записи', role: 'viewer', tenantIds: ['86'] },
      { actor: '' }, // admin_audit refuses an empty actor (CHECK), so the whole grant must roll back
    );
    await expect(grant).rejects.toThrow(/admin_audit/);
    expect(await operators.findActive('4000')).toBeNull();
    expect(await auditOf('operator 4000')).toEqual([]);
  });

  it('granting again what is granted records nothing; a change records before and after', async () => {
    const input = { esiaOid: '5000', displayName: 'Орлова', role: 'viewer' as const, tenantIds: ['86'] };
    await operators.grant(input, { actor: 'cli:anna' });
    await operators.grant(input, { actor: 'cli:anna' });
    await operators.grant({ ...input, role: 'editor', tenantIds: ['86', '38'] }, { actor: 'cli:boris' });
    expect(await auditOf('operator 5000')).toEqual([
      {
        actor: 'cli:anna',
        action: 'operator.granted',
        tenant_ids: ['86'],
        before: null,
        after: { displayName: 'Орлова', role: 'viewer', regions: ['86'], active: true },
      },
      {
        actor: 'cli:boris',
        action: 'operator.granted',
        tenant_ids: ['38', '86'],
        before: { displayName: 'Орлова', role: 'viewer', regions: ['86'], active: true },
        after: { displayName: 'Орлова', role: 'editor', regions: ['86', '38'], active: true },
      },
    ]);
  });

  it('unknown regions are refused for operators and tokens, and nothing is written', async () => {
    await expect(
      operators.grant(
        { esiaOid: '6000', displayName: 'Звёздочка', role: 'editor', tenantIds: ['86', '*'] },
        { actor: 'cli:x' },
      ),
    ).rejects.toBeInstanceOf(UnknownRegionError);
    const tokens = new OperatorTokensRepository(db.dataSource);
    const issue = tokens.issue({
      role: 'viewer',
      tenantIds: ['99'],
      createdBy: 'cli:x',
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    });
    await expect(issue).rejects.toThrow('unknown region: "99"');
    expect(await operators.findActive('6000')).toBeNull();
    expect(await db.dataSource.query(`SELECT 1 FROM api_credentials WHERE created_by = 'cli:x'`)).toEqual([]);
    expect(await db.dataSource.query(`SELECT 1 FROM admin_audit WHERE actor = 'cli:x'`)).toEqual([]);
  });
});

describe('demo vendor keys at a production start', () => {
  it('revokes every key a development start seeded, each audited, and nothing else; a second start finds none', async () => {
    const demo = await readDemoVendorCredentials(fromRoot('config/demo-vendor-credentials.json'));
    await seedDemoVendorCredentials(
      credentials,
      demo,
      new Set(['dnevnik-86', 'setevoy-38', 'cop-86', 'eljur-39']),
    );
    const real = await credentials.issueVendorKey({ instanceId: 'dnevnik-86', createdBy: 'cli:anna' });
    const at = new Date('2026-12-01T09:00:00Z');

    const retired = await credentials.retireDemoKeys({ actor: 'production start', at });

    expect(retired.sort()).toEqual(demo.map((d) => d.keyId).sort());
    const active: Array<{ key_id: string }> = await db.dataSource.query(
      `SELECT key_id FROM api_credentials WHERE kind = 'vendor' AND revoked_at IS NULL`,
    );
    expect(active.map((r) => r.key_id)).toEqual([real.keyId]);
    const seeded = demo.find((d) => d.instanceId === 'setevoy-38')!;
    expect(await auditOf(`vendor-key ${seeded.keyId}`)).toEqual([
      expect.objectContaining({ actor: 'demo-seed', action: 'vendor-key.issued', tenant_ids: ['38'] }),
      {
        actor: 'production start',
        action: 'vendor-key.revoked',
        tenant_ids: ['38'],
        before: { instanceId: 'setevoy-38', expiresAt: null, revoked: false, createdBy: 'demo-seed' },
        after: {
          instanceId: 'setevoy-38',
          expiresAt: null,
          revoked: true,
          reason: 'a key seeded by a development start, at a production start',
        },
      },
    ]);
    expect(await credentials.retireDemoKeys({ actor: 'production start', at })).toEqual([]);
  });
});
