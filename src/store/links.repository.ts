import type { DataSource, EntityManager } from 'typeorm';
import type { LinkMethod } from './entities/link.entity';

/** An active link as the journeys read it. */
export interface ActiveLink {
  readonly id: string;
  readonly esiaOid: string;
  readonly instanceId: string;
  readonly legacyUserId: string;
  readonly method: LinkMethod;
  readonly linkedAt: Date;
}

/** What a new link is made of; `notify` adds the outbox row for vendors that want link notifications. */
export interface NewLink {
  readonly issuer: string;
  readonly oid: string;
  readonly instanceId: string;
  readonly userId: string;
  readonly method: LinkMethod;
  readonly actor: string;
  readonly at: Date;
  readonly notify: boolean;
}

/**
 * Hears of a diary account whose link was written or revoked, after the commit: the password decision's
 * per-process `linked` answers are dropped on every gateway process (src/services/linked-answer-cache.ts).
 */
export type LinkChangeListener = (change: { instanceId: string; userId: string }) => Promise<void>;

/** Which partial unique index refused the row (DESIGN §5.3). */
export type LinkConflict = 'account_linked' | 'person_linked';

export type CreateLinkResult = { ok: true; link: ActiveLink } | { ok: false; conflict: LinkConflict };

const COLUMNS = `id, esia_oid AS "esiaOid", instance_id AS "instanceId", legacy_user_id AS "legacyUserId",
  method, linked_at AS "linkedAt"`;

const CONFLICTS: Record<string, LinkConflict> = {
  links_active_account_uq: 'account_linked',
  links_active_person_uq: 'person_linked',
};

/** Links, their audit events and their outbox rows: every change is one transaction (DESIGN §5.8). */
export class LinksRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly onChange?: LinkChangeListener,
  ) {}

  /** The active links of an ESIA person in one instance (at most one, by the unique index). */
  async activeOfPerson(issuer: string, oid: string, instanceId: string): Promise<ActiveLink[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM links WHERE esia_issuer = $1 AND esia_oid = $2 AND instance_id = $3
       AND revoked_at IS NULL ORDER BY linked_at`,
      [issuer, oid, instanceId],
    );
  }

  /** The active link of a diary account, if any. */
  async activeOfAccount(instanceId: string, userId: string): Promise<ActiveLink | null> {
    const rows: ActiveLink[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM links WHERE instance_id = $1 AND legacy_user_id = $2 AND revoked_at IS NULL`,
      [instanceId, userId],
    );
    return rows[0] ?? null;
  }

  /**
   * Writes the link, its 'linked' event and (with `notify`) its `link.created` outbox row in one transaction.
   * When a unique index refuses it, nothing is written and the conflict is returned as a result.
   */
  async create(link: NewLink): Promise<CreateLinkResult> {
    try {
      const created = await this.dataSource.transaction(async (tx) => {
        const [row] = (await tx.query(
          `INSERT INTO links (esia_issuer, esia_oid, instance_id, legacy_user_id, method, linked_at)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [link.issuer, link.oid, link.instanceId, link.userId, link.method, link.at],
        )) as ActiveLink[];
        await appendEvent(tx, row!.id, link.instanceId, 'linked', link.actor, link.at, {
          method: link.method,
        });
        if (link.notify)
          await enqueue(tx, link.instanceId, 'link.created', row!.id, link.at, {
            linkId: row!.id,
            userId: link.userId,
            at: link.at.toISOString(),
          });
        return row!;
      });
      await this.onChange?.({ instanceId: link.instanceId, userId: link.userId });
      return { ok: true, link: created };
    } catch (err) {
      const conflict = CONFLICTS[(err as { constraint?: string }).constraint ?? ''];
      if ((err as { code?: string }).code === '23505' && conflict) return { ok: false, conflict };
      throw err;
    }
  }

  /** Records a refused link attempt; `details` holds identifiers and reasons only, never personal data. */
  async recordConflict(
    instanceId: string,
    actor: string,
    at: Date,
    details: Record<string, string>,
  ): Promise<void> {
    await appendEvent(this.dataSource.manager, null, instanceId, 'conflict', actor, at, details);
  }

  /**
   * Revokes an active link with its 'revoked' event and (with `notify`) a `link.revoked` outbox row, in one
   * transaction. False when the link was no longer active (a double submit): nothing is written then.
   */
  async revoke(input: {
    linkId: string;
    userId: string;
    instanceId: string;
    reason: string;
    actor: string;
    at: Date;
    notify: boolean;
  }): Promise<boolean> {
    // The account is read back from the row, so the change announced is the one made.
    const revoked = await this.dataSource.transaction(async (tx) => {
      const [rows] = (await tx.query(
        `UPDATE links SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL
         RETURNING instance_id AS "instanceId", legacy_user_id AS "userId"`,
        [input.linkId, input.at, input.reason],
      )) as [Array<{ instanceId: string; userId: string }>, number];
      if (!rows.length) return null;
      await appendEvent(tx, input.linkId, input.instanceId, 'revoked', input.actor, input.at, {
        reason: input.reason,
      });
      if (input.notify)
        await enqueue(tx, input.instanceId, 'link.revoked', input.linkId, input.at, {
          linkId: input.linkId,
          userId: input.userId,
          at: input.at.toISOString(),
        });
      return rows[0]!;
    });
    if (revoked) await this.onChange?.(revoked);
    return revoked !== null;
  }
}

async function appendEvent(
  tx: EntityManager,
  linkId: string | null,
  instanceId: string,
  kind: 'linked' | 'revoked' | 'conflict',
  actor: string,
  at: Date,
  details: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    `INSERT INTO link_events (link_id, instance_id, kind, actor, at, details) VALUES ($1, $2, $3, $4, $5, $6)`,
    [linkId, instanceId, kind, actor, at, JSON.stringify(details)],
  );
}

/** One outbox row; the idempotency key makes a retried transaction (or a second writer) a no-op. */
export async function enqueue(
  tx: EntityManager,
  instanceId: string,
  topic: string,
  subjectId: string,
  at: Date,
  payload: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    `INSERT INTO outbox (instance_id, topic, payload, idempotency_key, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (idempotency_key) DO NOTHING`,
    [instanceId, topic, JSON.stringify(payload), `${topic}:${subjectId}`, at],
  );
}
