import type { DataSource, EntityManager } from 'typeorm';
import { validateBypassWindow, validateExemption } from '../core/policy';
import { OpsNotFoundError, PolicyInvalidError, PolicyRequiredError } from '../core/policy.errors';
import { assertInstanceOf } from './policies.repository';

/** A bypass window as the console lists it. */
export interface StoredBypass {
  readonly id: string;
  readonly tenantId: string;
  readonly instanceId: string | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly endedAt: Date | null;
  readonly reason: string;
  readonly createdBy: string;
}

/** An exemption as the console lists it. */
export interface StoredExemption {
  readonly id: string;
  readonly tenantId: string;
  readonly instanceId: string;
  readonly legacyUserId: string;
  readonly reason: string;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly createdBy: string;
}

interface Who {
  readonly actor: string;
  readonly at: Date;
}

const BYPASS = `id, tenant_id AS "tenantId", instance_id AS "instanceId", starts_at AS "startsAt",
  ends_at AS "endsAt", ended_at AS "endedAt", reason, created_by AS "createdBy"`;
const EXEMPTION = `id, tenant_id AS "tenantId", instance_id AS "instanceId", legacy_user_id AS "legacyUserId",
  reason, expires_at AS "expiresAt", revoked_at AS "revokedAt", created_by AS "createdBy"`;

/**
 * Bypass windows and exemptions. Each change is audited in policy_changes (against the region's current policy,
 * so one log tells the whole story) in the same transaction; invalid input throws PolicyInvalidError.
 */
export class PolicyOverridesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Bypass windows of a region that have not ended yet, and the most recent ended ones. */
  async bypasses(tenantId: string, limit = 50): Promise<StoredBypass[]> {
    return this.dataSource.query(
      `SELECT ${BYPASS} FROM bypass_windows WHERE tenant_id = $1 ORDER BY starts_at DESC LIMIT $2`,
      [tenantId, limit],
    );
  }

  /** Declares a bypass window (an ESIA outage): reason and an end are required. */
  async declareBypass(
    input: Who & {
      tenantId: string;
      instanceId: string | null;
      startsAt: Date;
      endsAt: Date;
      reason: string;
    },
  ): Promise<StoredBypass> {
    const problems = validateBypassWindow({ ...input, endedAt: null });
    if (problems.length) throw new PolicyInvalidError(problems);
    return this.dataSource.transaction(async (tx) => {
      if (input.instanceId) await assertInstanceOf(tx, input.instanceId, input.tenantId);
      const [row] = (await tx.query(
        `INSERT INTO bypass_windows (tenant_id, instance_id, starts_at, ends_at, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${BYPASS}`,
        [
          input.tenantId,
          input.instanceId,
          input.startsAt,
          input.endsAt,
          input.reason.trim(),
          input.actor,
          input.at,
        ],
      )) as StoredBypass[];
      await audit(tx, input.tenantId, input, input.reason, null, { bypass: row });
      return row!;
    });
  }

  /** Ends a bypass window now; the reason for ending it is audited. */
  async endBypass(input: Who & { tenantId: string; id: string; reason: string }): Promise<StoredBypass> {
    requireReason(input.reason, 'reason');
    return this.dataSource.transaction(async (tx) => {
      const [before] = (await tx.query(
        `SELECT ${BYPASS} FROM bypass_windows WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
        [input.id, input.tenantId],
      )) as StoredBypass[];
      if (!before) throw new OpsNotFoundError(`bypass ${input.id}`);
      const [[after]] = (await tx.query(
        `UPDATE bypass_windows SET ended_at = LEAST(ends_at, GREATEST(starts_at, $2::timestamptz))
         WHERE id = $1 RETURNING ${BYPASS}`,
        [input.id, input.at],
      )) as [StoredBypass[]];
      await audit(tx, input.tenantId, input, input.reason, { bypass: before }, { bypass: after });
      return after!;
    });
  }

  /** Exemptions of a region, newest first. */
  async exemptions(tenantId: string, limit = 200): Promise<StoredExemption[]> {
    return this.dataSource.query(
      `SELECT ${EXEMPTION} FROM exemptions WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [tenantId, limit],
    );
  }

  /** Exempts one diary account from the cutover until `expiresAt` (null: until revoked). */
  async addExemption(
    input: Who & {
      tenantId: string;
      instanceId: string;
      legacyUserId: string;
      reason: string;
      expiresAt: Date | null;
    },
  ): Promise<StoredExemption> {
    const problems = validateExemption(input);
    if (!input.legacyUserId.trim())
      problems.push({
        field: 'exemption.legacyUserId',
        code: 'required',
        message: 'a diary user id is required',
      });
    if (problems.length) throw new PolicyInvalidError(problems);
    return this.dataSource.transaction(async (tx) => {
      await assertInstanceOf(tx, input.instanceId, input.tenantId);
      const [row] = (await tx.query(
        `INSERT INTO exemptions (tenant_id, instance_id, legacy_user_id, reason, expires_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${EXEMPTION}`,
        [
          input.tenantId,
          input.instanceId,
          input.legacyUserId.trim(),
          input.reason.trim(),
          input.expiresAt,
          input.actor,
          input.at,
        ],
      )) as StoredExemption[];
      await audit(tx, input.tenantId, input, input.reason, null, { exemption: row });
      return row!;
    });
  }

  /** Revokes an exemption; the reason is audited. */
  async revokeExemption(
    input: Who & { tenantId: string; id: string; reason: string },
  ): Promise<StoredExemption> {
    requireReason(input.reason, 'reason');
    return this.dataSource.transaction(async (tx) => {
      const [before] = (await tx.query(
        `SELECT ${EXEMPTION} FROM exemptions WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL FOR UPDATE`,
        [input.id, input.tenantId],
      )) as StoredExemption[];
      if (!before) throw new OpsNotFoundError(`exemption ${input.id}`);
      const [[after]] = (await tx.query(
        `UPDATE exemptions SET revoked_at = $2 WHERE id = $1 RETURNING ${EXEMPTION}`,
        [input.id, input.at],
      )) as [StoredExemption[]];
      await audit(tx, input.tenantId, input, input.reason, { exemption: before }, { exemption: after });
      return after!;
    });
  }
}

function requireReason(reason: string, field: string): void {
  if (!reason.trim())
    throw new PolicyInvalidError([{ field, code: 'reason_required', message: 'a reason is required' }]);
}

/** One audit row against the region's current policy (the region-wide one, else any instance's). */
async function audit(
  tx: EntityManager,
  tenantId: string,
  who: Who,
  reason: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): Promise<void> {
  const [policy] = (await tx.query(
    `SELECT id, instance_id AS "instanceId" FROM policies WHERE tenant_id = $1
     ORDER BY (instance_id IS NULL) DESC, version DESC LIMIT 1`,
    [tenantId],
  )) as Array<{ id: string; instanceId: string | null }>;
  if (!policy) throw new PolicyRequiredError(`tenant ${tenantId} has no policy`);
  await tx.query(
    `INSERT INTO policy_changes (policy_id, tenant_id, instance_id, changed_by, changed_at, reason, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [policy.id, tenantId, policy.instanceId, who.actor, who.at, reason.trim(), before, after],
  );
}
