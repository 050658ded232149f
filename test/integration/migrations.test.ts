import { MIGRATIONS } from '../../src/store/data-source';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const TABLES = [
  'access_requests',
  'activity_counts',
  'activity_recent',
  'admin_audit',
  'api_credentials',
  'bypass_windows',
  'diary_active_users',
  'diary_instances',
  'exemptions',
  'link_events',
  'links',
  'login_stats',
  'operators',
  'outbox',
  'policies',
  'policy_changes',
  'provider_signing_keys',
  'tenants',
];

const NAMED_INDEXES = [
  'links_active_account_uq',
  'links_active_person_uq',
  'links_person_idx',
  'link_events_link_idx',
  'link_events_instance_at_idx',
  'policies_tenant_version_uq',
  'policies_instance_version_uq',
  'outbox_undelivered_idx',
  'outbox_idempotency_key_uq',
  'exemptions_active_account_idx',
  'access_requests_queue_idx',
  'access_requests_vendor_poll_idx',
  'api_credentials_key_id_uq',
  'operators_esia_oid_uq',
  'admin_audit_at_idx',
  'links_retention_idx',
  'access_requests_retention_idx',
  'outbox_delivered_idx',
  'link_events_conflict_at_idx',
];

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});

afterAll(async () => {
  await db?.drop();
});

/** Reverts the newest migrations until `name` is reverted too; returns how many were reverted (run up again). */
async function revertThrough(name: string): Promise<number> {
  const at = MIGRATIONS.findIndex((m) => m.name === name);
  expect(at).toBeGreaterThanOrEqual(0);
  const count = MIGRATIONS.length - at;
  for (let i = 0; i < count; i++) await db.dataSource.undoLastMigration({ transaction: 'all' });
  return count;
}

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  db.dataSource.query(text, params);

async function schemaObjects() {
  const tables = (
    await sql<{ n: string }>(`SELECT tablename n FROM pg_tables WHERE schemaname = 'public'`)
  ).map((r) => r.n);
  const indexes = (
    await sql<{ n: string }>(
      `SELECT indexname n FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'migrations'`,
    )
  ).map((r) => r.n);
  const functions = (
    await sql<{ n: string }>(`SELECT proname n FROM pg_proc WHERE pronamespace = 'public'::regnamespace`)
  ).map((r) => r.n);
  const sequences = (
    await sql<{ n: string }>(`SELECT sequencename n FROM pg_sequences WHERE schemaname = 'public'`)
  ).map((r) => r.n);
  return { tables: tables.sort(), indexes, functions, sequences };
}

/** The error PostgreSQL raised for `work`, or a failure of the test when it raised none. */
async function pgError(
  work: Promise<unknown>,
): Promise<{ code: string; constraint?: string; message: string }> {
  try {
    await work;
  } catch (error) {
    const e = error as { driverError?: { code: string; constraint?: string }; message: string };
    return { code: e.driverError?.code ?? '', constraint: e.driverError?.constraint, message: e.message };
  }
  throw new Error('expected PostgreSQL to refuse the statement, but it succeeded');
}

describe('the migrations', () => {
  test('up creates every table of DESIGN §8, the named indexes and the audit trigger function', async () => {
    await db.dataSource.runMigrations({ transaction: 'all' });
    const objects = await schemaObjects();
    expect(objects.tables).toEqual([...TABLES, 'migrations'].sort());
    expect(objects.indexes).toEqual(expect.arrayContaining(NAMED_INDEXES));
    expect(objects.functions.sort()).toEqual([
      'audit_redactable_paths',
      'audit_redaction_only',
      'redact_link_event',
      'redact_policy_change',
      'refuse_audit_change',
    ]);
  });

  test('the retention migration: down removes its columns, indexes and functions, up adds them again', async () => {
    const added = async () =>
      sql<{ c: string }>(
        `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
         WHERE column_name IN ('pseudonymised_at', 'forget_on_delivery') ORDER BY 1`,
      );
    const expected = [
      { c: 'access_requests.pseudonymised_at' },
      { c: 'exemptions.pseudonymised_at' },
      { c: 'links.pseudonymised_at' },
      { c: 'outbox.forget_on_delivery' },
    ];
    expect(await added()).toEqual(expected);
    await revertThrough('PersonalDataRetention1781150000000');
    expect(await added()).toEqual([]);
    const reverted = await schemaObjects();
    expect(reverted.functions).toEqual(['refuse_audit_change']);
    expect(reverted.indexes).not.toContain('links_retention_idx');
    await db.dataSource.runMigrations({ transaction: 'all' });
    expect(await added()).toEqual(expected);
  });

  test('the vendor-sync migration: down removes its columns and index, up adds them again', async () => {
    const columns = async () =>
      (
        await sql<{ n: string }>(
          `SELECT column_name n FROM information_schema.columns WHERE table_name = 'access_requests'`,
        )
      ).map((r) => r.n);
    const added = ['esia_issuer', 'esia_confirmed', 'external_id', 'vendor_next_poll_at', 'vendor_synced_at'];
    added.push('vendor_poll_failures', 'link_id');
    expect(await columns()).toEqual(expect.arrayContaining(added));

    await revertThrough('AccessRequestVendorSync1767000000000');
    expect((await columns()).filter((c) => added.includes(c))).toEqual([]);
    expect((await schemaObjects()).indexes).not.toContain('access_requests_vendor_poll_idx');

    await db.dataSource.runMigrations({ transaction: 'all' });
    expect(await columns()).toEqual(expect.arrayContaining(added));
    expect((await schemaObjects()).indexes).toContain('access_requests_vendor_poll_idx');
  });

  test('the instance-settings migration: down drops diary_instances.settings, up adds it back as a JSON object', async () => {
    const settingsColumn = async () =>
      sql<{ type: string; dflt: string }>(
        `SELECT data_type AS type, column_default AS dflt FROM information_schema.columns
         WHERE table_name = 'diary_instances' AND column_name = 'settings'`,
      );
    expect(await settingsColumn()).toEqual([{ type: 'jsonb', dflt: "'{}'::jsonb" }]);
    await revertThrough('DiaryInstanceSettings1781000000000');
    expect(await settingsColumn()).toEqual([]);
    await db.dataSource.runMigrations({ transaction: 'all' });
    expect(await settingsColumn()).toHaveLength(1);
  });

  test('down removes everything it created, and up works again on the emptied schema', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await db.dataSource.undoLastMigration({ transaction: 'all' });
    const emptied = await schemaObjects();
    expect(emptied.tables).toEqual(['migrations']);
    expect(emptied.functions).toEqual([]);
    expect(emptied.sequences).toEqual(['migrations_id_seq']);
    expect(emptied.indexes).toEqual([]);
    expect(await sql('SELECT * FROM migrations')).toEqual([]);

    await db.dataSource.runMigrations({ transaction: 'all' });
    expect((await schemaObjects()).tables).toEqual([...TABLES, 'migrations'].sort());
  });

  test('the entities describe the migrated schema: TypeORM would change no table, column or index', async () => {
    const plan = await db.dataSource.driver.createSchemaBuilder().log();
    const changes = plan.upQueries
      .map((q) => q.query)
      // CHECK, composite FOREIGN KEY and UNIQUE constraints live only in the migration; TypeORM cannot express
      // them without relations, and it always re-sets a uuid default it did not generate itself.
      .filter((q) => !/DROP CONSTRAINT/.test(q))
      .filter((q) => !/ALTER COLUMN "id" (DROP DEFAULT|SET DEFAULT gen_random_uuid\(\))$/.test(q));
    expect(changes).toEqual([]);
  });
});

describe('links: one active link per diary account and per ESIA person in an instance (DESIGN §5.3)', () => {
  const ISSUER = 'http://esia.gosuslugi.ru/';

  beforeAll(async () => {
    await sql(`INSERT INTO tenants (id, name, time_zone) VALUES ('86', 'Югра', 'Asia/Yekaterinburg')`);
    for (const id of ['dnevnik-86', 'cop-86']) {
      await sql(
        `INSERT INTO diary_instances (id, tenant_id, adapter_kind, base_url, display_name, credentials_ref)
         VALUES ($1, '86', 'dnevnik', 'http://127.0.0.1:4101', $1, 'X')`,
        [id],
      );
    }
  });

  const link = (instance: string, user: string, oid: string) =>
    sql<{ id: string }>(
      `INSERT INTO links (esia_issuer, esia_oid, instance_id, legacy_user_id, method)
       VALUES ($1, $2, $3, $4, 'settings-page') RETURNING id`,
      [ISSUER, oid, instance, user],
    );
  const revoke = (id: string) =>
    sql(`UPDATE links SET revoked_at = now(), revoked_reason = 'user unlinked' WHERE id = $1`, [id]);

  test('a second active link of the same diary account is refused, and allowed once the first is revoked', async () => {
    const [first] = await link('dnevnik-86', 'user-1', 'oid-1');
    const refused = await pgError(link('dnevnik-86', 'user-1', 'oid-2'));
    expect(refused).toMatchObject({ code: '23505', constraint: 'links_active_account_uq' });

    await revoke(first!.id);
    await expect(link('dnevnik-86', 'user-1', 'oid-2')).resolves.toHaveLength(1);
  });

  test('a second active link of the same ESIA person in one instance is refused, and allowed after revoking', async () => {
    const [first] = await link('dnevnik-86', 'user-10', 'oid-10');
    const refused = await pgError(link('dnevnik-86', 'user-11', 'oid-10'));
    expect(refused).toMatchObject({ code: '23505', constraint: 'links_active_person_uq' });

    await revoke(first!.id);
    await expect(link('dnevnik-86', 'user-11', 'oid-10')).resolves.toHaveLength(1);
  });

  test('the same ESIA person may hold links in different diary instances', async () => {
    await link('dnevnik-86', 'user-20', 'oid-20');
    await expect(link('cop-86', 'user-20', 'oid-20')).resolves.toHaveLength(1);
  });

  test('admin_audit refuses UPDATE, DELETE and TRUNCATE to the gateway user that owns it, keeping the row', async () => {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO admin_audit (actor, action, target, tenant_ids, after)
       VALUES ('cli:root', 'operator.granted', 'operator 1000', '{86}', '{"role": "editor"}') RETURNING id`,
    );
    for (const change of [
      `UPDATE admin_audit SET actor = 'someone else' WHERE id = ${row!.id}`,
      `DELETE FROM admin_audit WHERE id = ${row!.id}`,
      `TRUNCATE admin_audit`,
    ]) {
      const refused = await pgError(sql(change));
      expect(refused.message).toMatch(/admin_audit is append-only/);
    }
    expect(await sql(`SELECT actor FROM admin_audit WHERE id = $1`, [row!.id])).toEqual([
      { actor: 'cli:root' },
    ]);
  });

  test('a separate gateway role gets INSERT and SELECT on admin_audit only: its UPDATE is refused by privilege', async () => {
    // Roles are cluster-wide: a unique name, dropped again below.
    const role = `elg_app_${db.name.slice(-8)}`;
    await sql(`CREATE ROLE ${role} NOLOGIN`);
    try {
      await sql(`GRANT SELECT, INSERT, UPDATE, DELETE ON link_events TO ${role}`);
      await revertThrough('AdminAudit1781100000000');
      await db.dataSource.runMigrations({ transaction: 'all' });
      const privileges = await sql<{ p: string }>(
        `SELECT privilege_type AS p FROM information_schema.role_table_grants
         WHERE table_name = 'admin_audit' AND grantee = $1 ORDER BY 1`,
        [role],
      );
      expect(privileges.map((r) => r.p)).toEqual(['INSERT', 'SELECT']);
      const asRole = async (statement: string) => {
        const runner = db.dataSource.createQueryRunner();
        try {
          await runner.query(`SET ROLE ${role}`);
          return await runner.query(statement);
        } finally {
          await runner.query('RESET ROLE');
          await runner.release();
        }
      };
      await asRole(
        `INSERT INTO admin_audit (actor, action, target, after) VALUES ('gw', 'vendor-key.issued', 'vendor-key vk_x', '{}')`,
      );
      const refused = await pgError(asRole(`UPDATE admin_audit SET actor = 'x'`));
      expect(refused).toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
      expect((await pgError(asRole(`DELETE FROM admin_audit`))).code).toBe('42501');
    } finally {
      await sql(`DROP OWNED BY ${role}`);
      await sql(`DROP ROLE ${role}`);
    }
  });

  test('a separate gateway role that may write login_stats may write the console tables, and no more', async () => {
    const role = `elg_cnt_${db.name.slice(-8)}`;
    await sql(`CREATE ROLE ${role} NOLOGIN`);
    try {
      await sql(`GRANT SELECT, INSERT, UPDATE ON login_stats TO ${role}`);
      await revertThrough('ActivityCounts1783000000000');
      await db.dataSource.runMigrations({ transaction: 'all' });
      const privileges = await sql<{ t: string; p: string }>(
        `SELECT table_name AS t, string_agg(privilege_type, ',' ORDER BY privilege_type) AS p
         FROM information_schema.role_table_grants WHERE grantee = $1 GROUP BY 1 ORDER BY 1`,
        [role],
      );
      expect(privileges).toEqual([
        { t: 'activity_counts', p: 'INSERT,SELECT,UPDATE' },
        { t: 'activity_recent', p: 'DELETE,INSERT,SELECT,UPDATE' },
        { t: 'diary_active_users', p: 'DELETE,INSERT,SELECT,UPDATE' },
        { t: 'login_stats', p: 'INSERT,SELECT,UPDATE' },
      ]);
    } finally {
      await sql(`DROP OWNED BY ${role}`);
      await sql(`DROP ROLE ${role}`);
    }
  });

  test('link_events refuses UPDATE, DELETE and TRUNCATE, keeping the row', async () => {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO link_events (instance_id, kind, actor, details) VALUES ('dnevnik-86', 'linked', 'user', '{}')
       RETURNING id`,
    );
    for (const change of [
      `UPDATE link_events SET actor = 'someone else' WHERE id = ${row!.id}`,
      `DELETE FROM link_events WHERE id = ${row!.id}`,
      `TRUNCATE link_events CASCADE`,
    ]) {
      const refused = await pgError(sql(change));
      expect(refused.message).toMatch(/link_events is append-only/);
    }
    expect(await sql(`SELECT actor FROM link_events WHERE id = $1`, [row!.id])).toEqual([{ actor: 'user' }]);
  });
});
