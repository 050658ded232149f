import { randomBytes } from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import type { SecretBox } from '../services/secret-box';
import { ApiCredentialEntity } from './entities/api-credential.entity';

/** A vendor key as the HMAC check needs it: the instance it speaks for and its secret, in the clear. */
export interface VendorKey {
  readonly keyId: string;
  readonly instanceId: string;
  readonly secret: string;
  readonly expiresAt: Date | null;
}

/** Vendor HMAC credentials: issued per diary instance, secrets sealed at rest, revocable. */
export class ApiCredentialsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
  ) {}

  /** The active (not revoked) vendor key with this id, or null. Expiry is the caller's check: it owns the clock. */
  async findVendorKey(keyId: string): Promise<VendorKey | null> {
    const row = await this.dataSource
      .getRepository(ApiCredentialEntity)
      .findOneBy({ keyId, kind: 'vendor', revokedAt: IsNull() });
    if (!row || !row.instanceId || !row.secretCiphertext) return null;
    return {
      keyId: row.keyId,
      instanceId: row.instanceId,
      secret: this.box.open(row.secretCiphertext, row.keyId),
      expiresAt: row.expiresAt,
    };
  }

  /**
   * Issues a vendor key for `instanceId`. The secret is returned once and never shown again. A given
   * `keyId`/`secret` pair (the development demo) is stored as it is, and issuing it again changes nothing.
   */
  async issueVendorKey(input: {
    instanceId: string;
    createdBy: string;
    expiresAt?: Date | null;
    keyId?: string;
    secret?: string;
  }): Promise<{ keyId: string; secret: string }> {
    const keyId = input.keyId ?? `vk_${randomBytes(12).toString('base64url')}`;
    const secret = input.secret ?? randomBytes(32).toString('base64url');
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ApiCredentialEntity)
      .values({
        keyId,
        kind: 'vendor',
        instanceId: input.instanceId,
        secretCiphertext: this.box.seal(secret, keyId),
        createdBy: input.createdBy,
        expiresAt: input.expiresAt ?? null,
      })
      .orIgnore()
      .execute();
    return { keyId, secret };
  }

  /** Revokes a key; requests signed with it are refused from the next cache refresh on. */
  async revoke(keyId: string, at: Date): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(ApiCredentialEntity)
      .update({ keyId, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }
}
