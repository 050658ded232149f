import type { DataSource, EntityManager } from 'typeorm';
import type { AdminAction } from './entities/admin-audit-entry.entity';

/** One privileged change as it is recorded: who, what, on what, in which regions, before and after. */
export interface AdminChange {
  readonly actor: string;
  readonly action: AdminAction;
  readonly target: string;
  readonly tenantIds: readonly string[];
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
  /** The change's own instant (the caller's clock); the database's now() when absent. */
  readonly at?: Date;
}

/** A recorded change. */
export interface AdminAuditEntry extends Required<Omit<AdminChange, 'at'>> {
  readonly id: string;
  readonly at: Date;
}

/** What the admin audit may be narrowed to; `tenantIds` (an operator's scope) keeps only rows of those regions. */
export interface AdminAuditFilter {
  readonly tenantIds?: readonly string[];
  readonly tenantId?: string;
  readonly actor?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Matched against the action and the target. */
  readonly text?: string;
  readonly limit?: number;
}

/**
 * Writes the audit row of a change inside the caller's transaction (`db`), so the change and its record
 * commit or fail together. Callers pass states without secret values (key ids, never secrets).
 */
export async function recordAdminChange(db: EntityManager, change: AdminChange): Promise<void> {
  await db.query(
    `INSERT INTO admin_audit (at, actor, action, target, tenant_ids, before, after)
     VALUES (COALESCE($1, now()), $2, $3, $4, $5, $6, $7)`,
    [
      change.at ?? null,
      change.actor,
      change.action,
      change.target,
      [...new Set(change.tenantIds)].sort(),
      change.before,
      change.after,
    ],
  );
}

/** Reads admin_audit (append-only: a trigger refuses UPDATE and DELETE; writes go through recordAdminChange). */
export class AdminAuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, narrowed by the filter. */
  async list(filter: AdminAuditFilter = {}): Promise<AdminAuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (filter.tenantIds) add('tenant_ids && ?', [...filter.tenantIds]);
    if (filter.tenantId) add('? = ANY(tenant_ids)', filter.tenantId);
    if (filter.actor) add('actor = ?', filter.actor);
    if (filter.from) add('at >= ?', filter.from);
    if (filter.to) add('at < ?', filter.to);
    if (filter.text) add(`(action ILIKE ? OR target ILIKE ?)`, `%${filter.text.replace(/[%_\\]/g, '\\$&')}%`);
    params.push(Math.min(filter.limit ?? 100, 1000));
    const rows: AdminAuditEntry[] = await this.dataSource.query(
      `SELECT id, at, actor, action, target, tenant_ids AS "tenantIds", before, after FROM admin_audit
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ ...r, id: String(r.id) }));
  }
}
