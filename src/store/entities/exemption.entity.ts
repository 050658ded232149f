import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One diary account allowed to keep password login despite the cutover, until it expires or is revoked. */
@Entity({ name: 'exemptions' })
@Index('exemptions_active_account_idx', ['instanceId', 'legacyUserId'], { where: 'revoked_at IS NULL' })
export class ExemptionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  @Column({ name: 'legacy_user_id', type: 'text' })
  legacyUserId!: string;

  @Column({ type: 'text' })
  reason!: string;

  /** Null: until revoked. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Set when retention or an erasure replaced the diary account by its pseudonym and removed the reason. */
  @Column({ name: 'pseudonymised_at', type: 'timestamptz', nullable: true })
  pseudonymisedAt!: Date | null;
}
