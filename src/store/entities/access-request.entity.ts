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
@Index('access_requests_retention_idx', ['resolvedAt'], {
  where: "status <> 'open' AND pseudonymised_at IS NULL",
})
@Index('access_requests_number_uq', ['number'], { unique: true })
@Index('access_requests_vendor_poll_idx', ['vendorNextPollAt'], {
  where: "status = 'open' AND external_id IS NOT NULL",
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

  /** The requester's ESIA issuer: with `esiaOid`, the link key a vendor's resolve may complete. */
  @Column({ name: 'esia_issuer', type: 'text', nullable: true })
  esiaIssuer!: string | null;

  /** Whether the requester's ESIA account was confirmed: a simplified account's name is self-asserted. */
  @Column({ name: 'esia_confirmed', type: 'boolean', default: false })
  esiaConfirmed!: boolean;

  /** «ЗД-86-000001»: what the requester and the school quote, for a request in the gateway's own queue. */
  @Column({ type: 'text', nullable: true })
  number!: string | null;

  /** The vendor's own id, once the outbox handed the request to the vendor's queue and it was taken. */
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  /** When to ask the vendor about the request next; null when there is nothing (more) to ask. */
  @Column({ name: 'vendor_next_poll_at', type: 'timestamptz', nullable: true })
  vendorNextPollAt!: Date | null;

  /** The vendor's last answer about the request. */
  @Column({ name: 'vendor_synced_at', type: 'timestamptz', nullable: true })
  vendorSyncedAt!: Date | null;

  /** Failed status calls in a row: the backoff's exponent, reset by any answer. */
  @Column({ name: 'vendor_poll_failures', type: 'integer', default: 0 })
  vendorPollFailures!: number;

  /** The link a vendor's resolve created (method 'operator'): the requester can now sign in through ESIA. */
  @Column({ name: 'link_id', type: 'uuid', nullable: true })
  linkId!: string | null;

  /**
   * Set when retention or an erasure removed the message, the contact, the name and the resolution, and
   * replaced the ESIA oid by its pseudonym; only closed requests.
   */
  @Column({ name: 'pseudonymised_at', type: 'timestamptz', nullable: true })
  pseudonymisedAt!: Date | null;
}
