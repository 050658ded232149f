import {
  DEFAULT_MINIMUM_AGE,
  ROLES,
  type PolicyMode,
  type Role,
  type UnknownBirthDateRule,
} from '../../core/policy.types';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Stage of a region's move to ESIA (DESIGN §7.C, §7.F). */
export type { PolicyMode, UnknownBirthDateRule } from '../../core/policy.types';
/** Diary roles a policy can apply to; the same list constrains access_requests.role. */
export type DiaryRole = Role;

/**
 * One version of the cutover policy of a tenant, or of one of its instances when `instanceId` is set.
 * Rows are never changed: a change writes version + 1 and a policy_changes row.
 */
@Entity({ name: 'policies' })
@Index('policies_tenant_version_uq', ['tenantId', 'version'], { unique: true, where: 'instance_id IS NULL' })
@Index('policies_instance_version_uq', ['tenantId', 'instanceId', 'version'], {
  unique: true,
  where: 'instance_id IS NOT NULL',
})
export class PolicyEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'instance_id', type: 'text', nullable: true })
  instanceId!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  mode!: PolicyMode;

  /** Local date (YYYY-MM-DD) in the tenant's time zone; kept a string so no time zone can shift it. */
  @Column({ name: 'announce_date', type: 'date', nullable: true })
  announceDate!: string | null;

  /** Local date (YYYY-MM-DD) from whose start password login is refused. */
  @Column({ name: 'cutover_date', type: 'date', nullable: true })
  cutoverDate!: string | null;

  @Column({ name: 'warn_days', type: 'integer', default: 30 })
  warnDays!: number;

  @Column({ name: 'min_age', type: 'integer', default: DEFAULT_MINIMUM_AGE })
  minAge!: number;

  @Column({ type: 'text', array: true, default: () => `'{${ROLES.join(',')}}'` })
  roles!: DiaryRole[];

  @Column({ name: 'unknown_birth_date_rule', type: 'text', default: 'deny' })
  unknownBirthDateRule!: UnknownBirthDateRule;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
