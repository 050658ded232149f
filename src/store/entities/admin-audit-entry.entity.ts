import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a privileged change did; a CHECK in the migration lists the same values. */
export type AdminAction =
  | 'operator.granted'
  | 'operator.revoked'
  | 'operator-token.issued'
  | 'operator-token.revoked'
  | 'vendor-key.issued'
  | 'vendor-key.revoked'
  | 'region.created'
  | 'region.changed'
  | 'instance.created'
  | 'instance.changed'
  | 'person.exported'
  | 'person.erased'
  | 'provider-key.created'
  | 'provider-key.rotated';

/**
 * One privileged change (append-only: a trigger refuses UPDATE, DELETE and TRUNCATE): who, when, what, on
 * which target, the state before and after. Never a secret value: a token or key appears by its key id only.
 */
@Entity({ name: 'admin_audit' })
@Index('admin_audit_at_idx', ['at'])
export class AdminAuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** 'cli:<user>', an operator as the console names them, 'token:<key id>', 'bootstrap', 'demo-seed', … */
  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text' })
  action!: AdminAction;

  /** What was changed: 'operator 1000300009', 'vendor-key vk_…', 'region 86', 'instance dnevnik-86'. */
  @Column({ type: 'text' })
  target!: string;

  /** The regions the change concerns, before and after: an operator sees the rows of their regions. */
  @Column({ name: 'tenant_ids', type: 'text', array: true, default: () => "'{}'" })
  tenantIds!: string[];

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;
}
