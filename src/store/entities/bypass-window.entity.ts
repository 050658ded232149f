import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A time-boxed suspension of the cutover (e.g. an ESIA outage): password login is allowed while it lasts. */
@Entity({ name: 'bypass_windows' })
@Index('bypass_windows_tenant_ends_idx', ['tenantId', 'endsAt'])
export class BypassWindowEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** Null: every instance of the tenant. */
  @Column({ name: 'instance_id', type: 'text', nullable: true })
  instanceId!: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** Set when an operator ends the window before `endsAt`. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}
