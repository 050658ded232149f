import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ApiCredentialKind = 'vendor' | 'operator';

/**
 * A key for the vendor API (HMAC, one diary instance) or the operator API (bearer token, some tenants).
 * A CHECK keeps each kind to its own secret column.
 */
@Entity({ name: 'api_credentials' })
export class ApiCredentialEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** Public identifier sent with each request. */
  @Column({ name: 'key_id', type: 'text', unique: true })
  keyId!: string;

  @Column({ type: 'text' })
  kind!: ApiCredentialKind;

  /** The diary instance a vendor key speaks for; null for operator tokens. */
  @Column({ name: 'instance_id', type: 'text', nullable: true })
  instanceId!: string | null;

  /** Tenants an operator token may act on. */
  @Column({ name: 'tenant_ids', type: 'text', array: true, default: () => "'{}'" })
  tenantIds!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes!: string[];

  /** Operator bearer tokens: SHA-256 of the token (high-entropy, so no slow hash is needed). */
  @Column({ name: 'secret_hash', type: 'bytea', nullable: true })
  secretHash!: Buffer | null;

  /**
   * Vendor HMAC secrets: AES-256-GCM ciphertext. Not a hash, because checking an HMAC signature needs the
   * secret itself; encryption at rest is the strongest protection that still lets us verify.
   */
  @Column({ name: 'secret_ciphertext', type: 'bytea', nullable: true })
  secretCiphertext!: Buffer | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
