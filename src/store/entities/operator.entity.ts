import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OperatorRole = 'viewer' | 'editor';

/** A ministry person allowed into the ops console by ESIA sign-in, limited to some tenants. */
@Entity({ name: 'operators' })
export class OperatorEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'esia_oid', type: 'text', unique: true })
  esiaOid!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  role!: OperatorRole;

  @Column({ name: 'tenant_ids', type: 'text', array: true, default: () => "'{}'" })
  tenantIds!: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}
