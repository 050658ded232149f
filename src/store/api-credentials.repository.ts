import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { isDemoVendorKey } from '../demo-material';
import { OpsNotFoundError } from '../core/policy.errors';
import type { SecretBox } from '../crypto/secret-box';
import { recordAdminChange } from './admin-audit.repository';
import type { ChangeStamp } from './operators.repository';

/** A vendor key as the HMAC check needs it: the instance it speaks for and its secret, in the clear. */
export interface VendorKey {
  readonly keyId: string;
  readonly instanceId: string;
  readonly secret: string;
  readonly expiresAt: Date | null;
}

interface VendorKeyRow {
  keyId: string;
  instanceId: string;
  tenantId: string;
  createdBy: string;
  expiresAt: Date | null;
  secretCiphertext: Buffer;
}

const VENDOR_COLUMNS = `c.key_id AS "keyId", c.instance_id AS "instanceId", d.tenant_id AS "tenantId",
  c.created_by AS "createdBy", c.expires_at AS "expiresAt", c.secret_ciphertext AS "secretCiphertext"`;

/** What the audit records of a vendor key: never its secret. */
const auditState = (row: { instanceId: string; expiresAt: Date | null }, revoked: boolean) => ({
  instanceId: row.instanceId,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  revoked,
});

/**
 * Vendor HMAC credentials: issued per diary instance, secrets sealed at rest, revocable. Issuing and revoking
 * are written with their admin_audit row in one transaction.
 */
export class ApiCredentialsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    /** Production: keys a development start seeded are unknown keys, even before the start revokes them. */
    private readonly options: { refuseDemoKeys?: boolean } = {},
  ) {}

  /** The active (not revoked) vendor key with this id, or null. Expiry is the caller's check: it owns the clock. */
  async findVendorKey(keyId: string): Promise<VendorKey | null> {
    const [row] = (await this.dataSource.query(
      `SELECT ${VENDOR_COLUMNS} FROM api_credentials c JOIN diary_instances d ON d.id = c.instance_id
       WHERE c.key_id = $1 AND c.kind = 'vendor' AND c.revoked_at IS NULL`,
      [keyId],
    )) as VendorKeyRow[];
    if (!row) return null;
    // Checked before opening: a demo key was sealed with the development key, which production never has.
    if (this.options.refuseDemoKeys && isDemoVendorKey(row)) return null;
    return {
      keyId: row.keyId,
      instanceId: row.instanceId,
      secret: this.box.open(row.secretCiphertext, row.keyId),
      expiresAt: row.expiresAt,
    };
  }

  /**
   * Issues a vendor key for `instanceId` (recorded as by `createdBy`). The secret is returned once and never
   * shown again. A given `keyId`/`secret` pair (the development demo) is stored as it is, and issuing it
   * again changes nothing and records nothing.
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
    const expiresAt = input.expiresAt ?? null;
    await this.dataSource.transaction(async (tx) => {
      const tenantId = await tenantOf(tx, input.instanceId);
      const inserted: unknown[] = await tx.query(
        `INSERT INTO api_credentials (key_id, kind, instance_id, secret_ciphertext, created_by, expires_at)
         VALUES ($1, 'vendor', $2, $3, $4, $5) ON CONFLICT (key_id) DO NOTHING RETURNING id`,
        [keyId, input.instanceId, this.box.seal(secret, keyId), input.createdBy, expiresAt],
      );
      if (inserted.length)
        await recordAdminChange(tx, {
          actor: input.createdBy,
          action: 'vendor-key.issued',
          target: `vendor-key ${keyId}`,
          tenantIds: [tenantId],
          before: null,
          after: auditState({ instanceId: input.instanceId, expiresAt }, false),
        });
    });
    return { keyId, secret };
  }

  /** Revokes a vendor key; requests signed with it are refused from the next cache refresh on. */
  async revoke(keyId: string, by: ChangeStamp): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const rows = await this.revokeIn(tx, [keyId], by);
      await this.audit(tx, rows, by, {});
      return rows.length > 0;
    });
  }

  /**
   * Production start: revokes every active vendor key that a development start seeded (created by the seed,
   * or a demo key id), each with its audit row. Returns their key ids (none after the first production start).
   */
  async retireDemoKeys(by: ChangeStamp): Promise<string[]> {
    return this.dataSource.transaction(async (tx) => {
      const active = (await tx.query(
        `SELECT ${VENDOR_COLUMNS} FROM api_credentials c JOIN diary_instances d ON d.id = c.instance_id
         WHERE c.kind = 'vendor' AND c.revoked_at IS NULL FOR UPDATE OF c`,
      )) as VendorKeyRow[];
      const demo = active.filter((row) => isDemoVendorKey(row)).map((row) => row.keyId);
      const rows = await this.revokeIn(tx, demo, by);
      await this.audit(tx, rows, by, {
        reason: 'a key seeded by a development start, at a production start',
      });
      return rows.map((r) => r.keyId);
    });
  }

  private async revokeIn(tx: EntityManager, keyIds: string[], by: ChangeStamp): Promise<VendorKeyRow[]> {
    if (!keyIds.length) return [];
    const [rows] = (await tx.query(
      `UPDATE api_credentials c SET revoked_at = COALESCE($2, now()) FROM diary_instances d
       WHERE d.id = c.instance_id AND c.key_id = ANY($1) AND c.kind = 'vendor' AND c.revoked_at IS NULL
       RETURNING ${VENDOR_COLUMNS}`,
      [keyIds, by.at ?? null],
    )) as [VendorKeyRow[], number];
    return rows;
  }

  private async audit(
    tx: EntityManager,
    rows: readonly VendorKeyRow[],
    by: ChangeStamp,
    extra: Record<string, unknown>,
  ): Promise<void> {
    for (const row of rows)
      await recordAdminChange(tx, {
        ...by,
        action: 'vendor-key.revoked',
        target: `vendor-key ${row.keyId}`,
        tenantIds: [row.tenantId],
        before: { ...auditState(row, false), createdBy: row.createdBy },
        after: { ...auditState(row, true), ...extra },
      });
  }
}

/** The region of a diary instance; an unknown instance is OpsNotFoundError, not a foreign-key failure. */
async function tenantOf(db: EntityManager, instanceId: string): Promise<string> {
  const rows: Array<{ tenantId: string }> = await db.query(
    'SELECT tenant_id AS "tenantId" FROM diary_instances WHERE id = $1',
    [instanceId],
  );
  if (!rows[0]) throw new OpsNotFoundError(`instance ${instanceId}`);
  return rows[0].tenantId;
}
