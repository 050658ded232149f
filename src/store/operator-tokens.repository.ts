import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { OperatorRole } from './entities/operator.entity';

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
 * (it is 256 random bits, so no slow hash is needed); scoped to regions and a role; expiring; revocable.
 */
export class OperatorTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Issues a token; the returned `token` is shown once and cannot be recovered. */
  async issue(input: {
    role: OperatorRole;
    tenantIds: readonly string[];
    createdBy: string;
    expiresAt: Date;
  }): Promise<{ keyId: string; token: string }> {
    const keyId = `ot_${randomBytes(12).toString('base64url')}`;
    const secret = randomBytes(32).toString('base64url');
    await this.dataSource.query(
      `INSERT INTO api_credentials (key_id, kind, tenant_ids, scopes, secret_hash, created_by, expires_at)
       VALUES ($1, 'operator', $2, $3, $4, $5, $6)`,
      [keyId, [...input.tenantIds], [input.role], sha256(secret), input.createdBy, input.expiresAt],
    );
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

  /** Revokes a token by its key id. */
  async revoke(keyId: string, at: Date): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE api_credentials SET revoked_at = $2 WHERE key_id = $1 AND kind = 'operator' AND revoked_at IS NULL`,
      [keyId, at],
    )) as [unknown, number];
    return affected > 0;
  }
}
