import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../core/policy';
import { OpsNotFoundError, PolicyInvalidError } from '../core/policy.errors';
import { defaultSettings, problemsOf, type PolicySettings } from '../core/policy-settings';

/** One version of a scope's policy (a region, or one diary instance of it). */
export interface StoredPolicy extends PolicySettings {
  readonly id: string;
  readonly tenantId: string;
  readonly instanceId: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly createdBy: string;
}

/** What a change needs: the scope, the new settings, and who and why (both required, both audited). */
export interface PolicyChange {
  readonly tenantId: string;
  readonly instanceId: string | null;
  readonly settings: PolicySettings;
  readonly actor: string;
  readonly reason: string;
  readonly at: Date;
}

const COLUMNS = `p.id, p.tenant_id AS "tenantId", p.instance_id AS "instanceId", p.version, p.mode,
  to_char(p.announce_date, 'YYYY-MM-DD') AS "announceDate", to_char(p.cutover_date, 'YYYY-MM-DD') AS "cutoverDate",
  p.warn_days AS "warnDays", p.min_age AS "minimumAge", p.roles, p.unknown_birth_date_rule AS "unknownBirthDateRule",
  p.created_at AS "createdAt", p.created_by AS "createdBy", t.time_zone AS "timeZone"`;

/** The newest version of every scope (DISTINCT ON reads the version index once per scope). */
export const CURRENT_POLICIES_SQL = `SELECT DISTINCT ON (p.tenant_id, p.instance_id) ${COLUMNS}
  FROM policies p JOIN tenants t ON t.id = p.tenant_id
  ORDER BY p.tenant_id, p.instance_id, p.version DESC`;

/** The settings an audit row records: exactly what an operator can change. */
export function auditShape(s: PolicySettings): Record<string, unknown> {
  return {
    timeZone: s.timeZone,
    mode: s.mode,
    announceDate: s.announceDate,
    cutoverDate: s.cutoverDate,
    warnDays: s.warnDays,
    minimumAge: s.minimumAge,
    roles: [...s.roles],
    unknownBirthDateRule: s.unknownBirthDateRule,
  };
}

/** Versioned cutover policies: a change is a new version and a policy_changes row in one transaction. */
export class PoliciesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The current version of a scope, or null when the scope never had one. */
  async current(tenantId: string, instanceId: string | null, db: EntityManager = this.dataSource.manager) {
    const rows: StoredPolicy[] = await db.query(
      `SELECT ${COLUMNS} FROM policies p JOIN tenants t ON t.id = p.tenant_id
       WHERE p.tenant_id = $1 AND p.instance_id IS NOT DISTINCT FROM $2 ORDER BY p.version DESC LIMIT 1`,
      [tenantId, instanceId],
    );
    return rows[0] ? normalise(rows[0]) : null;
  }

  /** The current settings of a scope, the defaults (mode off) when it has none. */
  async settings(tenantId: string, instanceId: string | null): Promise<PolicySettings> {
    const found = await this.current(tenantId, instanceId);
    if (found) return found;
    return defaultSettings(await this.timeZoneOf(tenantId, this.dataSource.manager, false));
  }

  /**
   * Writes a new version after checking it with the core's validator: invalid settings throw
   * PolicyInvalidError with every problem and nothing is written. A new time zone is the region's own.
   */
  async change(change: PolicyChange): Promise<StoredPolicy> {
    const problems = problemsOf(change.settings);
    if (!change.reason.trim())
      problems.push({ field: 'reason', code: 'reason_required', message: 'a change needs a reason' });
    if (problems.length) throw new PolicyInvalidError(problems);
    return this.dataSource.transaction(async (tx) => {
      const zone = await this.timeZoneOf(change.tenantId, tx, true);
      if (change.instanceId) await assertInstanceOf(tx, change.instanceId, change.tenantId);
      const before = await this.current(change.tenantId, change.instanceId, tx);
      const s = change.settings;
      if (s.timeZone !== zone)
        await tx.query('UPDATE tenants SET time_zone = $2, updated_at = $3 WHERE id = $1', [
          change.tenantId,
          s.timeZone,
          change.at,
        ]);
      const [row] = (await tx.query(
        `INSERT INTO policies (tenant_id, instance_id, version, mode, announce_date, cutover_date, warn_days,
           min_age, roles, unknown_birth_date_rule, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          change.tenantId,
          change.instanceId,
          (before?.version ?? 0) + 1,
          s.mode,
          s.announceDate,
          s.cutoverDate,
          s.warnDays,
          s.minimumAge,
          s.roles,
          s.unknownBirthDateRule,
          change.at,
          change.actor,
        ],
      )) as Array<{ id: string }>;
      await tx.query(
        `INSERT INTO policy_changes (policy_id, tenant_id, instance_id, changed_by, changed_at, reason, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          row!.id,
          change.tenantId,
          change.instanceId,
          change.actor,
          change.at,
          change.reason.trim(),
          before ? auditShape(before) : null,
          auditShape(s),
        ],
      );
      return (await this.current(change.tenantId, change.instanceId, tx))!;
    });
  }

  private async timeZoneOf(tenantId: string, db: EntityManager, lock: boolean): Promise<string> {
    // The row lock orders concurrent changes of one region, so two editors cannot write the same version.
    const rows: Array<{ timeZone: string }> = await db.query(
      `SELECT time_zone AS "timeZone" FROM tenants WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [tenantId],
    );
    if (!rows[0]) throw new OpsNotFoundError(`tenant ${tenantId}`);
    return rows[0].timeZone;
  }
}

/** Refuses an instance of another region (the foreign key would too, with a less helpful error). */
export async function assertInstanceOf(db: EntityManager, instanceId: string, tenantId: string) {
  const rows: unknown[] = await db.query('SELECT 1 FROM diary_instances WHERE id = $1 AND tenant_id = $2', [
    instanceId,
    tenantId,
  ]);
  if (!rows.length) throw new OpsNotFoundError(`instance ${instanceId}`);
}

/** pg returns text[] as an array already; ids of bigint as strings. */
export function normalise(row: StoredPolicy): StoredPolicy {
  return { ...row, id: String(row.id), roles: [...(row.roles as Role[])] };
}
