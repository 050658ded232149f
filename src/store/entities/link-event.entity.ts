import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What happened to a link; 'conflict' records a refused link attempt (DESIGN §5.3). */
export type LinkEventKind = 'linked' | 'revoked' | 'conflict';

/**
 * Append-only audit of links: a trigger refuses UPDATE, DELETE and TRUNCATE, except the redaction of
 * `details.userId` into a pseudonym through `redact_link_event` (migrations/1781150000000). `details` carries
 * identifiers and reasons only, never names, SNILS or birth dates.
 */
@Entity({ name: 'link_events' })
@Index('link_events_link_idx', ['linkId'])
@Index('link_events_instance_at_idx', ['instanceId', 'at'])
@Index('link_events_conflict_at_idx', ['at'], { where: "kind = 'conflict'" })
export class LinkEventEntity {
  /** bigserial: pg returns int8 as a string to keep its precision. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'link_id', type: 'uuid', nullable: true })
  linkId!: string | null;

  @Column({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  @Column({ type: 'text' })
  kind!: LinkEventKind;

  /** Who acted: e.g. 'user', 'operator:<oid>', 'vendor:<key id>', 'system'. */
  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;
}
