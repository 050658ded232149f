import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { recordAdminChange } from './admin-audit.repository';
import type { OperatorRole } from './entities/operator.entity';
import { assertKnownRegions, type ChangeStamp } from './operators.repository';

/** What a valid operator token stands for. */
export interface OperatorTokenGrant {
  readonly keyId: string;
  readonly role: OperatorRole;
  readonly tenantIds: readonly string[];
  readonly createdBy: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Operator API bearer tokens (`<keyId>.<secret>`) in api_credentials: only the SHA-256 of the secret is stored
 * (it is 256 random bits, so no slow hash is needed); scoped to known regions and a role; expiring; revocable.
 * Issuing and revoking are written with their admin_audit row (key id, role, regions; never the secret).
 */
export class OperatorTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Issues a token (recorded as by `createdBy`); the returned `token` is shown once and cannot be recovered. */
  async issue(input: {
    role: OperatorRole;
    tenantIds: readonly string[];
    createdBy: string;
    expiresAt: Date;
  }): Promise<{ keyId: string; token: string }> {
    const keyId = `ot_${randomBytes(12).toString('base64url')}`;
    const secret = randomBytes(32).toString('base64url');
    const regions = [...new Set(input.tenantIds)];
    await this.dataSource.transaction(async (tx) => {
      await assertKnownRegions(tx, regions);
      await tx.query(
        `INSERT INTO api_credentials (key_id, kind, tenant_ids, scopes, secret_hash, created_by, expires_at)
         VALUES ($1, 'operator', $2, $3, $4, $5, $6)`,
        [keyId, regions, [input.role], sha256(secret), input.createdBy, input.expiresAt],
      );
      await recordAdminChange(tx, {
        actor: input.createdBy,
        action: 'operator-token.issued',
        target: `operator-token ${keyId}`,
        tenantIds: regions,
        before: null,
        after: { role: input.role, regions, expiresAt: input.expiresAt.toISOString() },
      });
    });
    return { keyId, token: `${keyId}.${secret}` };
  }

  /** The grant of a bearer token, or null when it is malformed, unknown, wrong, expired or revoked. */
  async verify(token: string, now: Date): Promise<OperatorTokenGrant | null> {
    const m = /^(ot_[A-Za-z0-9_-]{8,60})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
    if (!m) return null;
    const rows: Array<{ hash: Buffer; scopes: string[]; tenantIds: string[]; createdBy: string }> =
      await this.dataSource.query(
        `SELECT secret_hash AS hash, scopes, tenant_ids AS "tenantIds", created_by AS "createdBy"
         FROM api_credentials WHERE key_id = $1 AND kind = 'operator' AND revoked_at IS NULL
           AND (expires_at IS NULL OR expires_at > $2)`,
        [m[1], now],
      );
    const row = rows[0];
    if (!row || !timingSafeEqual(row.hash, sha256(m[2]!))) return null;
    const role: OperatorRole = row.scopes.includes('editor') ? 'editor' : 'viewer';
    return { keyId: m[1]!, role, tenantIds: row.tenantIds, createdBy: row.createdBy };
  }

  /** Revokes a token by its key id; false when there is no active one. */
  async revoke(keyId: string, by: ChangeStamp): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const [rows] = (await tx.query(
        `UPDATE api_credentials SET revoked_at = COALESCE($2, now())
         WHERE key_id = $1 AND kind = 'operator' AND revoked_at IS NULL
         RETURNING scopes, tenant_ids AS "tenantIds", revoked_at AS "revokedAt"`,
        [keyId, by.at ?? null],
      )) as [Array<{ scopes: string[]; tenantIds: string[]; revokedAt: Date }>, number];
      const row = rows[0];
      if (!row) return false;
      const state = { role: row.scopes.includes('editor') ? 'editor' : 'viewer', regions: row.tenantIds };
      await recordAdminChange(tx, {
        ...by,
        action: 'operator-token.revoked',
        target: `operator-token ${keyId}`,
        tenantIds: row.tenantIds,
        before: { ...state, revoked: false },
        after: { ...state, revoked: true, revokedAt: row.revokedAt.toISOString() },
      });
      return true;
    });
  }
}
