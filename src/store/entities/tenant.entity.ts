import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A region (ministry) running the gateway: its code, name and the IANA time zone its policy dates are in. */
@Entity({ name: 'tenants' })
export class TenantEntity {
  /** Region code, e.g. '86'. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** IANA name, e.g. 'Asia/Yekaterinburg': policy dates are local dates in this zone (DESIGN §5.4). */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
