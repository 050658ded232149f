import { Pseudonyms, REDACTED } from '../../src/crypto/pseudonyms';
import { MIGRATIONS } from '../../src/store/data-source';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
const pseudonyms = new Pseudonyms(Buffer.alloc(32, 3));
const PSEUDONYM = pseudonyms.account('dnevnik-86', '1000000000000000101');

beforeAll(async () => {
  db = await createTestDatabase();
  await sql(`INSERT INTO tenants (id, name, time_zone) VALUES ('86', 'Югра', 'Asia/Yekaterinburg')`);
  await sql(
    `INSERT INTO diary_instances (id, tenant_id, adapter_kind, base_url, display_name, credentials_ref)
     VALUES ('dnevnik-86', '86', 'dnevnik', 'http://127.0.0.1:1', 'Дневник', 'X')`,
  );
});

afterAll(async () => {
  await db?.drop();
});

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  db.dataSource.query(text, params);

/** Runs statements in one transaction (a setting made with SET LOCAL lasts until its end). */
const inTransaction = (...statements: string[]) =>
  db.dataSource.transaction(async (tx) => {
    for (const statement of statements) await tx.query(statement);
  });

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected PostgreSQL to refuse the statement, but it succeeded');
}

async function conflictEvent(): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `INSERT INTO link_events (instance_id, kind, actor, details)
     VALUES ('dnevnik-86', 'conflict', 'user', '{"conflict": "account_linked", "userId": "1000000000000000101"}')
     RETURNING id`,
  );
  return row!.id;
}

describe('link_events: the one narrow way to change an audit row is redacting its diary account', () => {
  it('redact_link_event replaces userId by the pseudonym and changes nothing else', async () => {
    const id = await conflictEvent();
    const [before] = await sql(`SELECT * FROM link_events WHERE id = $1`, [id]);
    expect(await sql(`SELECT redact_link_event($1, $2) AS changed`, [id, PSEUDONYM])).toEqual([
      { changed: true },
    ]);
    const [after] = await sql(`SELECT * FROM link_events WHERE id = $1`, [id]);
    expect(after).toEqual({
      ...before,
      details: { conflict: 'account_linked', userId: PSEUDONYM },
    });
    // Done once: a second run finds nothing to change.
    expect(await sql(`SELECT redact_link_event($1, $2) AS changed`, [id, PSEUDONYM])).toEqual([
      { changed: false },
    ]);
  });

  it('an ordinary UPDATE, even one that only writes a pseudonym, is still refused', async () => {
    const id = await conflictEvent();
    const message = await refusal(
      sql(
        `UPDATE link_events SET details = jsonb_set(details, '{userId}', to_jsonb($2::text)) WHERE id = $1`,
        [id, PSEUDONYM],
      ),
    );
    expect(message).toMatch(/link_events is append-only: UPDATE refused/);
    expect((await sql(`SELECT details FROM link_events WHERE id = $1`, [id]))[0]).toEqual({
      details: { conflict: 'account_linked', userId: '1000000000000000101' },
    });
  });

  it('with the redaction setting on, anything but a field turning into a pseudonym is refused', async () => {
    const id = await conflictEvent();
    const on = `SET LOCAL elg.audit_redaction = 'on'`;
    const attempts = [
      `UPDATE link_events SET actor = 'someone else' WHERE id = ${id}`,
      `UPDATE link_events SET details = jsonb_set(details, '{userId}', '"2000000000000000202"') WHERE id = ${id}`,
      `UPDATE link_events SET details = jsonb_set(details, '{conflict}', '"${PSEUDONYM}"') WHERE id = ${id}`,
      `UPDATE link_events SET details = details || '{"esiaOid": "${PSEUDONYM}"}' WHERE id = ${id}`,
      `UPDATE link_events SET at = at - interval '1 day' WHERE id = ${id}`,
      `DELETE FROM link_events WHERE id = ${id}`,
      `TRUNCATE link_events CASCADE`,
    ];
    for (const attempt of attempts)
      expect(await refusal(inTransaction(on, attempt))).toMatch(/link_events is append-only/);
    expect((await sql(`SELECT actor, details FROM link_events WHERE id = $1`, [id]))[0]).toEqual({
      actor: 'user',
      details: { conflict: 'account_linked', userId: '1000000000000000101' },
    });
  });
});

describe('policy_changes: only the record of an exemption may lose its account and reasons', () => {
  const exemption = (reason: string, revokedAt: string | null) => ({
    exemption: {
      id: '5',
      tenantId: '86',
      instanceId: 'dnevnik-86',
      legacyUserId: '1000000000000000101',
      reason: 'нет паспорта',
      expiresAt: null,
      revokedAt,
      createdBy: 'Иванова (esia 1000)',
    },
    why: reason,
  });
  let policyId: string;

  beforeAll(async () => {
    const [policy] = await sql<{ id: string }>(
      `INSERT INTO policies (tenant_id, version, mode, cutover_date, created_by)
       VALUES ('86', 1, 'enforce', '2026-09-01', 'test') RETURNING id`,
    );
    policyId = policy!.id;
  });

  const change = async (reason: string, before: object | null, after: object) =>
    (
      await sql<{ id: string }>(
        `INSERT INTO policy_changes (policy_id, tenant_id, changed_by, reason, before, after)
         VALUES ($1, '86', 'Иванова (esia 1000)', $2, $3, $4) RETURNING id`,
        [policyId, reason, before, after],
      )
    )[0]!.id;

  it('redact_policy_change turns the account into its pseudonym and every reason into the marker', async () => {
    const { why: _a, ...added } = exemption('нет паспорта', null);
    const { why: _b, ...revoked } = exemption('паспорт получен', '2026-10-01T00:00:00.000Z');
    const id = await change('паспорт получен', added, revoked);
    expect(await sql(`SELECT redact_policy_change($1, $2) AS changed`, [id, PSEUDONYM])).toEqual([
      { changed: true },
    ]);
    const [row] = await sql(`SELECT changed_by, reason, before, after FROM policy_changes WHERE id = $1`, [
      id,
    ]);
    const redacted = (e: { exemption: object }) => ({
      exemption: { ...e.exemption, legacyUserId: PSEUDONYM, reason: REDACTED },
    });
    expect(row).toEqual({
      changed_by: 'Иванова (esia 1000)',
      reason: REDACTED,
      before: redacted(added),
      after: redacted(revoked),
    });
  });

  it('the record of a policy change keeps its reason: neither the function nor the setting can touch it', async () => {
    const id = await change('приказ № 1', null, { mode: 'enforce' });
    expect(await sql(`SELECT redact_policy_change($1, $2) AS changed`, [id, PSEUDONYM])).toEqual([
      { changed: false },
    ]);
    const message = await refusal(
      inTransaction(
        `SET LOCAL elg.audit_redaction = 'on'`,
        `UPDATE policy_changes SET reason = '${REDACTED}' WHERE id = ${id}`,
      ),
    );
    expect(message).toMatch(/policy_changes is append-only/);
    expect((await sql(`SELECT reason FROM policy_changes WHERE id = $1`, [id]))[0]).toEqual({
      reason: 'приказ № 1',
    });
  });

  it('admin_audit has no redactable field at all', async () => {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO admin_audit (actor, action, target, after) VALUES ('cli:x', 'person.erased', 'person ${PSEUDONYM}', '{}')
       RETURNING id`,
    );
    const message = await refusal(
      inTransaction(
        `SET LOCAL elg.audit_redaction = 'on'`,
        `UPDATE admin_audit SET target = '${REDACTED}' WHERE id = ${row!.id}`,
      ),
    );
    expect(message).toMatch(/admin_audit is append-only/);
  });
});

describe('the redaction functions and the database roles', () => {
  /** Reverts the migrations back to (and including) the retention one, then applies them all again. */
  async function reapplyRetentionMigration(): Promise<void> {
    const at = MIGRATIONS.findIndex((m) => m.name === 'PersonalDataRetention1781150000000');
    for (let i = at; i < MIGRATIONS.length; i++)
      await db.dataSource.undoLastMigration({ transaction: 'all' });
    await db.dataSource.runMigrations({ transaction: 'all' });
  }

  async function as<T = unknown>(role: string, statement: string): Promise<T> {
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.query(`SET ROLE ${role}`);
      return (await runner.query(statement)) as T;
    } finally {
      await runner.query('RESET ROLE');
      await runner.release();
    }
  }

  it('a gateway role without UPDATE on the audit tables redacts through the functions; a role without grants cannot', async () => {
    // Roles are cluster-wide: unique names, dropped again below.
    const gateway = `elg_gw_${db.name.slice(-8)}`;
    const stranger = `elg_st_${db.name.slice(-8)}`;
    await sql(`CREATE ROLE ${gateway} NOLOGIN`);
    await sql(`CREATE ROLE ${stranger} NOLOGIN`);
    try {
      await sql(`GRANT SELECT, INSERT ON link_events TO ${gateway}`);
      await reapplyRetentionMigration();
      const id = await conflictEvent();
      const denied = await refusal(as(gateway, `UPDATE link_events SET details = '{}' WHERE id = ${id}`));
      expect(denied).toMatch(/permission denied for table link_events/);
      expect(await as(gateway, `SELECT redact_link_event(${id}, '${PSEUDONYM}') AS changed`)).toEqual([
        { changed: true },
      ]);
      expect(await refusal(as(stranger, `SELECT redact_link_event(${id}, '${PSEUDONYM}')`))).toMatch(
        /permission denied for function redact_link_event/,
      );
    } finally {
      for (const role of [gateway, stranger]) {
        await sql(`DROP OWNED BY ${role}`);
        await sql(`DROP ROLE ${role}`);
      }
    }
  });
});
