import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A diary instance's registration as a client of the gateway's OpenID Provider. Secrets are never here: a
 * `client_secret_basic` client names the environment variable that holds its secret.
 */
export interface DiaryClientRegistration {
  readonly redirectUris: string[];
  readonly postLogoutRedirectUris: string[];
  readonly backchannelLogoutUri?: string;
  readonly tokenEndpointAuthMethod: 'client_secret_basic' | 'private_key_jwt';
  readonly clientSecretRef?: string;
  readonly jwks?: { keys: Array<Record<string, unknown>> };
  readonly jwksUri?: string;
  /** The diary's page whose «Войти через Госуслуги» starts a sign-in (for the decision's answers). */
  readonly signInUrl?: string;
  /** The diary's personal-settings page with «Привязать учетную запись портала Госуслуг». */
  readonly settingsUrl?: string;
  /** The diary's mobile apps: public clients (RFC 8252). */
  readonly apps?: ReadonlyArray<{ clientId: string; redirectUris: string[] }>;
}

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

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** The vendor settings (`settings` in config/instances.json), checked by the adapter's own schema. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: Record<string, unknown>;

  /** The instance as a client of the gateway's OpenID Provider (`oidc` in config/instances.json). */
  @Column({ name: 'oidc_client', type: 'jsonb', nullable: true })
  oidcClient!: DiaryClientRegistration | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
