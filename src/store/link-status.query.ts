import type { DataSource } from 'typeorm';

/** Most accounts one query asks about; a larger turn's lookups go out as several queries. */
export const LINK_STATUS_BATCH = 256;

/** The accounts of one instance among `$2` that have an active link (the bench of the lookup times it too). */
export const LINK_STATUS_SQL =
  'SELECT legacy_user_id FROM links WHERE instance_id = $1 AND legacy_user_id = ANY($2::text[]) AND revoked_at IS NULL';

interface Waiting {
  readonly resolve: (linked: boolean) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Whether a diary account has an active ESIA link: the one query of a password decision, answered from the
 * partial unique index links_active_account_uq.
 *
 * Lookups asked in the same turn of the event loop go out together, one query per diary instance and per
 * LINK_STATUS_BATCH accounts (issue 11): under a vendor's concurrent decisions each query cost the gateway a
 * round trip, a protocol parse and TypeORM's query runner, and the decision profile had them among its largest
 * costs. The batch is sent when the turn's I/O callbacks are done (`setImmediate`), so a lookup waits for no
 * timer; every account gets the answer of a query that started after it was asked, as before. A failed query
 * fails every lookup it carried, and only those.
 */
export function linkStatusQuery(dataSource: Pick<DataSource, 'query'>) {
  let turn = new Map<string, Map<string, Waiting[]>>();
  let scheduled = false;

  const ask = async (instanceId: string, userIds: readonly string[], byUser: Map<string, Waiting[]>) => {
    try {
      const rows: Array<{ legacy_user_id: string }> = await dataSource.query(LINK_STATUS_SQL, [
        instanceId,
        userIds,
      ]);
      const linked = new Set(rows.map((row) => row.legacy_user_id));
      for (const userId of userIds) for (const w of byUser.get(userId)!) w.resolve(linked.has(userId));
    } catch (err) {
      for (const userId of userIds) for (const w of byUser.get(userId)!) w.reject(err);
    }
  };

  const flush = () => {
    scheduled = false;
    const asked = turn;
    turn = new Map();
    for (const [instanceId, byUser] of asked) {
      const userIds = [...byUser.keys()];
      for (let i = 0; i < userIds.length; i += LINK_STATUS_BATCH)
        void ask(instanceId, userIds.slice(i, i + LINK_STATUS_BATCH), byUser);
    }
  };

  return (instanceId: string, userId: string): Promise<boolean> =>
    new Promise<boolean>((resolve, reject) => {
      let byUser = turn.get(instanceId);
      if (!byUser) turn.set(instanceId, (byUser = new Map()));
      const waiting = byUser.get(userId);
      if (waiting) waiting.push({ resolve, reject });
      else byUser.set(userId, [{ resolve, reject }]);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
