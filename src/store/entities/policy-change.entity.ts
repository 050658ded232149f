import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of a policy change: who, when, why, and the policy before and after. */
@Entity({ name: 'policy_changes' })
@Index('policy_changes_tenant_at_idx', ['tenantId', 'changedAt'])
export class PolicyChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The version this change produced. */
  @Column({ name: 'policy_id', type: 'bigint' })
  policyId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'instance_id', type: 'text', nullable: true })
  instanceId!: string | null;

  @Column({ name: 'changed_by', type: 'text' })
  changedBy!: string;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  /** Null for the first version of a scope. */
  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb' })
  after!: Record<string, unknown>;
}
