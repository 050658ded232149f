import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DiaryRole } from './policy.entity';

/** Why nothing matched at sign-in («Нет нужной организации», no profile, data differ from the school's). */
export type AccessRequestReason = 'organization_missing' | 'profile_missing' | 'data_mismatch';
export type AccessRequestStatus = 'open' | 'resolved' | 'rejected';

/** A person's request to a school to fix their access (DESIGN §7.D); it sits in that organization's queue. */
@Entity({ name: 'access_requests' })
@Index('access_requests_queue_idx', ['instanceId', 'organizationId', 'createdAt'], {
  where: "status = 'open'",
})
export class AccessRequestEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  @Column({ name: 'organization_id', type: 'text' })
  organizationId!: string;

  @Column({ type: 'text' })
  role!: DiaryRole;

  @Column({ type: 'text' })
  reason!: AccessRequestReason;

  @Column({ type: 'text' })
  message!: string;

  /** How the school reaches the requester (phone or e-mail they typed); shown to staff, never logged. */
  @Column({ type: 'text' })
  contact!: string;

  /** Set when the requester came through ESIA. */
  @Column({ name: 'esia_oid', type: 'text', nullable: true })
  esiaOid!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: AccessRequestStatus;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy!: string | null;
}
