import { IsNull, type DataSource } from 'typeorm';
import { recordAdminChange } from './admin-audit.repository';
import { ProviderSigningKeyEntity } from './entities/provider-signing-key.entity';

/** A signing key row as stored: the private JWK stays sealed here; src/provider opens it. */
export interface StoredSigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly sealedPrivateJwk: Buffer;
  readonly createdAt: Date;
  readonly retiredAt: Date | null;
}

const UNIQUE_VIOLATION = '23505';

function stored(row: ProviderSigningKeyEntity): StoredSigningKey {
  return {
    kid: row.kid,
    alg: row.alg,
    sealedPrivateJwk: row.privateJwkCiphertext,
    createdAt: row.createdAt,
    retiredAt: row.retiredAt,
  };
}

/** The OpenID Provider's signing keys in PostgreSQL: one active, the recently retired ones still published. */
export class ProviderSigningKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The active key first, then the keys retired less than `retentionSeconds` ago, newest first. Time is the
   * database's, as for `rotate`, so that every process agrees on what is still published.
   */
  async published(retentionSeconds: number): Promise<StoredSigningKey[]> {
    const rows = await this.dataSource
      .getRepository(ProviderSigningKeyEntity)
      .createQueryBuilder('k')
      .where('k.retired_at IS NULL')
      .orWhere('k.retired_at > now() - make_interval(secs => :retention)', { retention: retentionSeconds })
      .orderBy('k.retired_at IS NULL', 'DESC')
      .addOrderBy('k.created_at', 'DESC')
      .getMany();
    return rows.map(stored);
  }

  /**
   * Stores `key` as the active key when there is none, with its audit row; false when another process got
   * there first (the partial unique index allows one active key).
   */
  async insertFirst(
    key: Omit<StoredSigningKey, 'createdAt' | 'retiredAt'>,
    createdBy: string,
  ): Promise<boolean> {
    try {
      await this.dataSource.transaction(async (em) => {
        await em.getRepository(ProviderSigningKeyEntity).insert({
          kid: key.kid,
          alg: key.alg,
          privateJwkCiphertext: key.sealedPrivateJwk,
          createdBy,
        });
        await recordAdminChange(em, {
          actor: createdBy,
          action: 'provider-key.created',
          target: `provider signing key ${key.kid}`,
          tenantIds: [],
          before: null,
          after: { kid: key.kid, alg: key.alg },
        });
      });
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) return false;
      throw err;
    }
  }

  /**
   * Retires the active key now and makes `key` the active one, in one transaction with its audit row; keys
   * retired more than `retentionSeconds` ago are deleted (no token they signed is still valid). Returns the
   * kid of the key retired, if there was one.
   */
  async rotate(
    key: Omit<StoredSigningKey, 'createdAt' | 'retiredAt'>,
    createdBy: string,
    retentionSeconds: number,
  ): Promise<string | null> {
    return this.dataSource.transaction(async (em) => {
      const keys = em.getRepository(ProviderSigningKeyEntity);
      const active = await keys.findOne({
        where: { retiredAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (active) await keys.update({ kid: active.kid }, { retiredAt: () => 'now()' });
      await keys.insert({
        kid: key.kid,
        alg: key.alg,
        privateJwkCiphertext: key.sealedPrivateJwk,
        createdBy,
      });
      await em
        .createQueryBuilder()
        .delete()
        .from(ProviderSigningKeyEntity)
        .where('retired_at < now() - make_interval(secs => :retention)', { retention: retentionSeconds })
        .execute();
      await recordAdminChange(em, {
        actor: createdBy,
        action: 'provider-key.rotated',
        target: `provider signing key ${key.kid}`,
        tenantIds: [],
        before: active ? { kid: active.kid } : null,
        after: { kid: key.kid, alg: key.alg },
      });
      return active?.kid ?? null;
    });
  }
}
