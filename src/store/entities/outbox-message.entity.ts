import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A notification to a vendor (linked, unlinked, access request), written in the same transaction as the change
 * and delivered at least once by the outbox worker (DESIGN §5.8); the vendor deduplicates by `idempotencyKey`.
 */
@Entity({ name: 'outbox' })
@Index('outbox_undelivered_idx', ['nextAttemptAt'], { where: 'delivered_at IS NULL' })
@Index('outbox_delivered_idx', ['deliveredAt'], { where: 'delivered_at IS NOT NULL' })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  /** Dotted lower-case name, e.g. 'link.created'. */
  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'idempotency_key', type: 'text', unique: true })
  idempotencyKey!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** A worker's lease: other workers skip the row until then. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** The notice of an erasure: its payload names the account, so the row is deleted once delivered. */
  @Column({ name: 'forget_on_delivery', type: 'boolean', default: false })
  forgetOnDelivery!: boolean;
}
