import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One school e-diary deployment of a tenant, served by the adapter named in `adapterKind`. */
@Entity({ name: 'diary_instances' })
@Index('diary_instances_tenant_idx', ['tenantId'])
export class DiaryInstanceEntity {
  /** Slug, e.g. 'dnevnik-86'. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** Key in the adapter registry; deliberately not a CHECK so that a new vendor needs no migration. */
  @Column({ name: 'adapter_kind', type: 'text' })
  adapterKind!: string;

  @Column({ name: 'base_url', type: 'text' })
  baseUrl!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** Name of the environment variable holding the vendor credentials; the secret itself is never stored here. */
  @Column({ name: 'credentials_ref', type: 'text' })
  credentialsRef!: string;

  /** Origins (or address prefixes) the gateway may send a user back to. */
  @Column({ name: 'return_url_allowlist', type: 'text', array: true, default: () => "'{}'" })
  returnUrlAllowlist!: string[];

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** The vendor settings (`settings` in config/instances.json), checked by the adapter's own schema. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
