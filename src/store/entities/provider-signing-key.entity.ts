import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A key the gateway's OpenID Provider signs ID tokens with. The private JWK is sealed (AES-256-GCM, bound to
 * the kid); a retired key no longer signs but stays published in the JWKS until `retiredAt` plus the longest
 * token lifetime, so a diary can still verify what it signed.
 */
@Entity({ name: 'provider_signing_keys' })
export class ProviderSigningKeyEntity {
  @PrimaryColumn({ type: 'text' })
  kid!: string;

  @Column({ type: 'text' })
  alg!: string;

  @Column({ name: 'private_jwk_ciphertext', type: 'bytea' })
  privateJwkCiphertext!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
