import type { DataSource } from 'typeorm';

/** One audited change: who, when, why, and the state before and after. */
export interface AuditEntry {
  readonly id: string;
  readonly tenantId: string;
  readonly instanceId: string | null;
  readonly changedBy: string;
  readonly changedAt: Date;
  readonly reason: string;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown>;
}

/** What the audit log may be narrowed to; `tenantIds` is the operator's scope and always applies. */
export interface AuditFilter {
  readonly tenantIds: readonly string[];
  readonly tenantId?: string;
  readonly changedBy?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly text?: string;
  readonly limit?: number;
}

/** Reads policy_changes (append-only: a trigger refuses UPDATE and DELETE). */
export class PolicyAuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, within the operator's regions, narrowed by the filter. */
  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const where = ['tenant_id = ANY($1)'];
    const params: unknown[] = [[...filter.tenantIds]];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.tenantId) add('tenant_id = ?', filter.tenantId);
    if (filter.changedBy) add('changed_by = ?', filter.changedBy);
    if (filter.from) add('changed_at >= ?', filter.from);
    if (filter.to) add('changed_at < ?', filter.to);
    if (filter.text) add(`reason ILIKE ?`, `%${filter.text.replace(/[%_\\]/g, '\\$&')}%`);
    params.push(Math.min(filter.limit ?? 100, 1000));
    const rows: AuditEntry[] = await this.dataSource.query(
      `SELECT id, tenant_id AS "tenantId", instance_id AS "instanceId", changed_by AS "changedBy",
         changed_at AS "changedAt", reason, before, after
       FROM policy_changes WHERE ${where.join(' AND ')} ORDER BY changed_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ ...r, id: String(r.id) }));
  }
}
