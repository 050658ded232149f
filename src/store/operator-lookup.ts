import type { DataSource } from 'typeorm';

/** Whether an ESIA person is an active ministry operator of a tenant (the operators table, DESIGN §7.F). */
export class OperatorLookup {
  constructor(private readonly dataSource: DataSource) {}

  /** True for an operator row of this oid that is not disabled and covers `tenantId`. */
  async coversTenant(oid: string, tenantId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM operators WHERE esia_oid = $1 AND disabled_at IS NULL AND $2 = ANY(tenant_ids)`,
      [oid, tenantId],
    );
    return rows.length > 0;
  }
}
