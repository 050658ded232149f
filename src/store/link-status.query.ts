import type { DataSource } from 'typeorm';

/**
 * Whether a diary account has an active ESIA link: the one query of a password decision, answered from the
 * partial unique index links_active_account_uq.
 */
export function linkStatusQuery(dataSource: DataSource) {
  return async (instanceId: string, userId: string): Promise<boolean> => {
    const rows: unknown[] = await dataSource.query(
      'SELECT 1 FROM links WHERE instance_id = $1 AND legacy_user_id = $2 AND revoked_at IS NULL',
      [instanceId, userId],
    );
    return rows.length > 0;
  };
}
