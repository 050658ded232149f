import type { DataSource } from 'typeorm';
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

const COLUMNS = `id, esia_oid AS "esiaOid", display_name AS "displayName", role, tenant_ids AS "tenantIds",
  disabled_at AS "disabledAt"`;

/** The operators list: ESIA persons allowed into the console, each scoped to regions. */
export class OperatorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Grants (or changes) an operator; granting again re-enables a revoked one. */
  async grant(input: {
    esiaOid: string;
    displayName: string;
    role: OperatorRole;
    tenantIds: readonly string[];
  }): Promise<OperatorRecord> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO operators (esia_oid, display_name, role, tenant_ids) VALUES ($1, $2, $3, $4)
       ON CONFLICT (esia_oid) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
         tenant_ids = excluded.tenant_ids, disabled_at = NULL
       RETURNING ${COLUMNS}`,
      [input.esiaOid, input.displayName, input.role, [...input.tenantIds]],
    )) as OperatorRecord[];
    return { ...row!, id: String(row!.id) };
  }

  /** Disables an operator; false when there is no active one with this oid. */
  async revoke(esiaOid: string, at: Date): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      'UPDATE operators SET disabled_at = $2 WHERE esia_oid = $1 AND disabled_at IS NULL',
      [esiaOid, at],
    )) as [unknown, number];
    return affected > 0;
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
