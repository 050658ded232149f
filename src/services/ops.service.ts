import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock';
import { daysBetween, formatIsoDate, localDateAt, parseIsoDate } from '../core/local-date';
import type { PolicyProblem } from '../core/policy';
import { AdminAuditRepository, type AdminAuditEntry } from '../store/admin-audit.repository';
import { PoliciesRepository, type StoredPolicy } from '../store/policies.repository';
import { PolicyAuditRepository, type AuditFilter } from '../store/policy-audit.repository';
import { PolicyOverridesRepository } from '../store/policy-overrides.repository';
import { assertEdits, assertSees, type OperatorPrincipal } from './ops-access';
import { OpsNotFoundError } from '../core/policy.errors';
import { previewImpact, type PolicyImpact } from './ops-preview';
import { readiness, type ReadinessDay } from './readiness';
import { mergeSettings, problemsOf, type PolicySettings } from '../core/policy-settings';

/** A region as the list of regions shows it. */
export interface RegionStatus {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly mode: PolicySettings['mode'];
  readonly cutoverDate: string | null;
  readonly daysLeft: number | null;
  readonly version: number | null;
  readonly instances: ReadonlyArray<{ id: string; displayName: string }>;
}

/** What a preview answers: the settings as they would be, every problem, and who would be refused. */
export interface PolicyPreview {
  readonly before: PolicySettings;
  readonly after: PolicySettings;
  readonly problems: readonly PolicyProblem[];
  readonly impact: PolicyImpact;
}

/** The operators' use cases, shared by the console, the ops API and the CLI; every call checks the scope. */
export class OpsService {
  readonly policies: PoliciesRepository;
  readonly overrides: PolicyOverridesRepository;
  private readonly audit: PolicyAuditRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    /** Tells every gateway process that a region changed (PolicyCache.announce). */
    private readonly announce: (tenantId: string) => Promise<void>,
  ) {
    this.policies = new PoliciesRepository(dataSource);
    this.overrides = new PolicyOverridesRepository(dataSource);
    this.audit = new PolicyAuditRepository(dataSource);
  }

  /** The operator's regions with their status and days to the cutover. */
  async regions(op: OperatorPrincipal): Promise<RegionStatus[]> {
    const tenants: Array<{ id: string; name: string; timeZone: string }> = await this.dataSource.query(
      `SELECT id, name, time_zone AS "timeZone" FROM tenants WHERE id = ANY($1) ORDER BY id`,
      [[...op.tenantIds]],
    );
    return Promise.all(tenants.map((t) => this.status(t)));
  }

  /** One region's status (404 outside the operator's scope). */
  async region(op: OperatorPrincipal, tenantId: string): Promise<RegionStatus> {
    assertSees(op, tenantId);
    const [tenant] = (await this.dataSource.query(
      `SELECT id, name, time_zone AS "timeZone" FROM tenants WHERE id = $1`,
      [tenantId],
    )) as Array<{ id: string; name: string; timeZone: string }>;
    if (!tenant) throw new OpsNotFoundError(`tenant ${tenantId}`);
    return this.status(tenant);
  }

  /** The current settings of a region (or one of its instances). */
  async settings(op: OperatorPrincipal, tenantId: string, instanceId: string | null = null) {
    assertSees(op, tenantId);
    return this.policies.settings(tenantId, instanceId);
  }

  /** Step one of a change: nothing is written. */
  async preview(
    op: OperatorPrincipal,
    tenantId: string,
    raw: Record<string, unknown>,
    instanceId: string | null = null,
  ): Promise<PolicyPreview> {
    assertEdits(op, tenantId);
    const before = await this.policies.settings(tenantId, instanceId);
    const after = mergeSettings(before, raw);
    const problems = problemsOf(after);
    const impact = await previewImpact(this.dataSource, tenantId, instanceId, after, this.clock.now());
    return { before, after, problems, impact };
  }

  /** Step two: writes the change (validated again), audits it and tells every process. */
  async apply(
    op: OperatorPrincipal,
    tenantId: string,
    raw: Record<string, unknown>,
    reason: string,
    instanceId: string | null = null,
  ): Promise<StoredPolicy> {
    return this.edit(op, tenantId, async (stamp) => {
      const before = await this.policies.settings(tenantId, instanceId);
      return this.policies.change({
        tenantId,
        instanceId,
        settings: mergeSettings(before, raw),
        reason,
        ...stamp,
      });
    });
  }

  /** Declares a bypass window from now (or `startsAt`) to `endsAt`. */
  async declareBypass(
    op: OperatorPrincipal,
    tenantId: string,
    input: { endsAt: Date; startsAt?: Date; reason: string; instanceId?: string | null },
  ) {
    return this.edit(op, tenantId, (stamp) =>
      this.overrides.declareBypass({
        tenantId,
        instanceId: input.instanceId ?? null,
        startsAt: input.startsAt ?? stamp.at,
        endsAt: input.endsAt,
        reason: input.reason,
        ...stamp,
      }),
    );
  }

  /** Ends a bypass window now. */
  async endBypass(op: OperatorPrincipal, tenantId: string, id: string, reason: string) {
    return this.edit(op, tenantId, (stamp) =>
      this.overrides.endBypass({
        tenantId,
        id,
        reason,
        ...stamp,
      }),
    );
  }

  /** Exempts one diary account. */
  async addExemption(
    op: OperatorPrincipal,
    tenantId: string,
    input: { instanceId: string; legacyUserId: string; reason: string; expiresAt: Date | null },
  ) {
    return this.edit(op, tenantId, (stamp) =>
      this.overrides.addExemption({
        tenantId,
        ...input,
        ...stamp,
      }),
    );
  }

  /** Revokes an exemption. */
  async revokeExemption(op: OperatorPrincipal, tenantId: string, id: string, reason: string) {
    return this.edit(op, tenantId, (stamp) =>
      this.overrides.revokeExemption({
        tenantId,
        id,
        reason,
        ...stamp,
      }),
    );
  }

  /**
   * Every change an editor makes: scope checked first, the change stamped with who and when (the audit row is
   * written with it), then every process told to reload the region's policy.
   */
  private async edit<T>(
    op: OperatorPrincipal,
    tenantId: string,
    change: (stamp: { actor: string; at: Date }) => Promise<T>,
  ): Promise<T> {
    assertEdits(op, tenantId);
    const result = await change({ actor: op.actor, at: this.clock.now() });
    await this.announce(tenantId);
    return result;
  }

  /** Bypass windows and exemptions of a region. */
  async overridesOf(op: OperatorPrincipal, tenantId: string) {
    assertSees(op, tenantId);
    const [bypasses, exemptions] = await Promise.all([
      this.overrides.bypasses(tenantId),
      this.overrides.exemptions(tenantId),
    ]);
    return { bypasses, exemptions };
  }

  /** The audit log within the operator's regions. */
  async auditLog(op: OperatorPrincipal, filter: Omit<AuditFilter, 'tenantIds'>) {
    if (filter.tenantId) assertSees(op, filter.tenantId);
    return this.audit.list({ ...filter, tenantIds: op.tenantIds });
  }

  /**
   * The admin audit (operators, tokens, vendor keys, configuration-file changes) of the operator's regions:
   * a row is shown when it concerns at least one of them.
   */
  async adminAuditLog(
    op: OperatorPrincipal,
    filter: Omit<AuditFilter, 'tenantIds' | 'limit'>,
  ): Promise<AdminAuditEntry[]> {
    if (filter.tenantId) assertSees(op, filter.tenantId);
    return new AdminAuditRepository(this.dataSource).list({
      tenantIds: op.tenantIds,
      tenantId: filter.tenantId,
      actor: filter.changedBy,
      from: filter.from,
      to: filter.to,
      text: filter.text,
    });
  }

  /** Daily readiness of a region (or one instance of it) over the last `days` days (1–366). */
  async readiness(
    op: OperatorPrincipal,
    tenantId: string,
    days = 30,
    instanceId: string | null = null,
  ): Promise<ReadinessDay[]> {
    const region = await this.region(op, tenantId);
    if (instanceId && !region.instances.some((i) => i.id === instanceId))
      throw new OpsNotFoundError(`instance ${instanceId}`);
    const span = Math.min(366, Math.max(1, Math.floor(days) || 30));
    return readiness(this.dataSource, {
      tenantId,
      timeZone: region.timeZone,
      now: this.clock.now(),
      days: span,
      instanceId,
    });
  }

  private async status(t: { id: string; name: string; timeZone: string }): Promise<RegionStatus> {
    const [current, instances] = await Promise.all([
      this.policies.current(t.id, null),
      this.dataSource.query(
        `SELECT id, display_name AS "displayName" FROM diary_instances WHERE tenant_id = $1 ORDER BY id`,
        [t.id],
      ) as Promise<Array<{ id: string; displayName: string }>>,
    ]);
    const cutover = current?.cutoverDate ? parseIsoDate(current.cutoverDate) : null;
    const today = localDateAt(this.clock.now(), t.timeZone);
    return {
      ...t,
      mode: current?.mode ?? 'off',
      cutoverDate: cutover ? formatIsoDate(cutover) : null,
      daysLeft: cutover ? Math.max(0, daysBetween(today, cutover)) : null,
      version: current?.version ?? null,
      instances,
    };
  }
}
