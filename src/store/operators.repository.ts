import type { DataSource, EntityManager } from 'typeorm';
import { UnknownRegionError } from '../core/policy.errors';
import { recordAdminChange } from './admin-audit.repository';
import type { OperatorRole } from './entities/operator.entity';

/** An operator as the console needs them: who, with which role, over which regions. */
export interface OperatorRecord {
  readonly id: string;
  readonly esiaOid: string;
  readonly displayName: string;
  readonly role: OperatorRole;
  readonly tenantIds: readonly string[];
  readonly disabledAt: Date | null;
}

/** Who makes a privileged change, and when (the database's now() when absent): what its audit row records. */
export interface ChangeStamp {
  readonly actor: string;
  readonly at?: Date;
}

const COLUMNS = `id, esia_oid AS "esiaOid", display_name AS "displayName", role, tenant_ids AS "tenantIds",
  disabled_at AS "disabledAt"`;

/** Refuses region ids that are not in the tenants table (a typo, `*`, a region never loaded): UnknownRegionError. */
export async function assertKnownRegions(db: EntityManager, tenantIds: readonly string[]): Promise<void> {
  const wanted = [...new Set(tenantIds)];
  const rows: Array<{ id: string }> = await db.query('SELECT id FROM tenants WHERE id = ANY($1)', [wanted]);
  const known = new Set(rows.map((r) => r.id));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length || !wanted.length) throw new UnknownRegionError(unknown);
}

/** What the audit records of an operator. */
const auditState = (op: OperatorRecord) => ({
  displayName: op.displayName,
  role: op.role,
  regions: [...op.tenantIds],
  active: op.disabledAt === null,
});

/**
 * The operators list: ESIA persons allowed into the console, each scoped to regions. Every change is written
 * with its admin_audit row in one transaction.
 */
export class OperatorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Grants (or changes) an operator over known regions; granting again re-enables a revoked one. */
  async grant(
    input: { esiaOid: string; displayName: string; role: OperatorRole; tenantIds: readonly string[] },
    by: ChangeStamp,
  ): Promise<OperatorRecord> {
    return this.dataSource.transaction(async (tx) => {
      await assertKnownRegions(tx, input.tenantIds);
      const [before] = (await tx.query(`SELECT ${COLUMNS} FROM operators WHERE esia_oid = $1 FOR UPDATE`, [
        input.esiaOid,
      ])) as OperatorRecord[];
      const [row] = (await tx.query(
        `INSERT INTO operators (esia_oid, display_name, role, tenant_ids) VALUES ($1, $2, $3, $4)
         ON CONFLICT (esia_oid) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
           tenant_ids = excluded.tenant_ids, disabled_at = NULL
         RETURNING ${COLUMNS}`,
        [input.esiaOid, input.displayName, input.role, [...new Set(input.tenantIds)]],
      )) as OperatorRecord[];
      const after = auditState(row!);
      // Granting exactly what is already granted changes nothing, so it records nothing either.
      if (!before || JSON.stringify(auditState(before)) !== JSON.stringify(after))
        await recordAdminChange(tx, {
          ...by,
          action: 'operator.granted',
          target: `operator ${input.esiaOid}`,
          tenantIds: [...(before?.tenantIds ?? []), ...row!.tenantIds],
          before: before ? auditState(before) : null,
          after,
        });
      return { ...row!, id: String(row!.id) };
    });
  }

  /** Disables an operator; false when there is no active one with this oid. */
  async revoke(esiaOid: string, by: ChangeStamp): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const [rows] = (await tx.query(
        `UPDATE operators SET disabled_at = COALESCE($2, now()) WHERE esia_oid = $1 AND disabled_at IS NULL
         RETURNING ${COLUMNS}`,
        [esiaOid, by.at ?? null],
      )) as [OperatorRecord[], number];
      const row = rows[0];
      if (!row) return false;
      await recordAdminChange(tx, {
        ...by,
        action: 'operator.revoked',
        target: `operator ${esiaOid}`,
        tenantIds: row.tenantIds,
        before: { ...auditState(row), active: true },
        after: auditState(row),
      });
      return true;
    });
  }

  /** The active operator with this ESIA oid, or null. */
  async findActive(esiaOid: string): Promise<OperatorRecord | null> {
    const rows: OperatorRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM operators WHERE esia_oid = $1 AND disabled_at IS NULL`,
      [esiaOid],
    );
    return rows[0] ? { ...rows[0], id: String(rows[0].id) } : null;
  }
}
