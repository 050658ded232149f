import type { DataSource, EntityManager } from 'typeorm';
import type { DiaryAccount, PersonIdentifiers } from '../core/ports/personal-records.port';
import { REDACTED } from '../crypto/pseudonyms';
import type { RedactionRepository } from './redaction.repository';

/** A link of the person, active or revoked. */
export interface PersonLink {
  readonly id: string;
  readonly esiaOid: string;
  readonly instanceId: string;
  readonly legacyUserId: string;
  readonly method: string;
  readonly linkedAt: Date;
  readonly revokedAt: Date | null;
  readonly revokedReason: string | null;
}

/** An event of one of the person's links, or a conflict event naming their account. */
export interface PersonLinkEvent {
  readonly id: string;
  readonly linkId: string | null;
  readonly instanceId: string;
  readonly kind: string;
  readonly at: Date;
  readonly details: Record<string, unknown>;
}

/** An access request the person made (or one that made a link of theirs). */
export interface PersonAccessRequest {
  readonly id: string;
  readonly instanceId: string;
  readonly organizationId: string;
  readonly role: string;
  readonly reason: string;
  readonly message: string;
  readonly contact: string;
  readonly esiaOid: string | null;
  readonly name: string | null;
  readonly status: string;
  readonly resolution: string | null;
  readonly createdAt: Date;
  readonly resolvedAt: Date | null;
  /** The diary took it into its own queue: a copy lives there. */
  readonly heldByDiary: boolean;
}

/** An exemption of one of the person's accounts. */
export interface PersonExemption {
  readonly id: string;
  readonly tenantId: string;
  readonly instanceId: string;
  readonly legacyUserId: string;
  readonly reason: string;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly createdAt: Date;
}

/** A notice to a diary that names the person. */
export interface PersonNotice {
  readonly id: string;
  readonly instanceId: string;
  readonly topic: string;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
}

/** The person as an operator of the console (ministry staff). */
export interface PersonOperator {
  readonly displayName: string;
  readonly role: string;
  readonly tenantIds: string[];
  readonly createdAt: Date;
  readonly disabledAt: Date | null;
}

/** Everything PostgreSQL holds about a person within some diary instances. */
export interface PersonRows {
  readonly links: PersonLink[];
  readonly linkEvents: PersonLinkEvent[];
  readonly accessRequests: PersonAccessRequest[];
  readonly exemptions: PersonExemption[];
  readonly notices: PersonNotice[];
  readonly operator: PersonOperator | null;
}

/** Rows of the person that carry pseudonyms only (found with the key). */
export interface PseudonymisedCounts {
  readonly links: number;
  readonly accessRequests: number;
  readonly exemptions: number;
  readonly linkEvents: number;
}

const accountsParams = (accounts: readonly DiaryAccount[]) => [
  accounts.map((a) => a.instanceId),
  accounts.map((a) => a.userId),
];
/** `(instance_id, <user column>)` is one of the accounts given as $n (instances) and $n+1 (users). */
const IN_ACCOUNTS = (user: string, n: number) =>
  `(instance_id, ${user}) IN (SELECT * FROM unnest($${n}::text[], $${n + 1}::text[]))`;

/** Reads and erases one person's rows, always within the diary instances an operator may see. */
export class PersonDataRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redaction: RedactionRepository,
  ) {}

  /** The diary instances of the regions, with their region. */
  async instancesOf(tenantIds: readonly string[]): Promise<Map<string, { tenantId: string; name: string }>> {
    const rows: Array<{ id: string; tenantId: string; name: string }> = await this.dataSource.query(
      `SELECT id, tenant_id AS "tenantId", display_name AS name FROM diary_instances WHERE tenant_id = ANY($1)`,
      [[...tenantIds]],
    );
    return new Map(rows.map((r) => [r.id, { tenantId: r.tenantId, name: r.name }]));
  }

  /** The diary accounts linked (ever, and not yet pseudonymised) to these oids in these instances. */
  async accountsOf(esiaOids: readonly string[], instances: readonly string[]): Promise<DiaryAccount[]> {
    return this.dataSource.query(
      `SELECT DISTINCT instance_id AS "instanceId", legacy_user_id AS "userId" FROM links
       WHERE esia_oid = ANY($1) AND instance_id = ANY($2) ORDER BY 1, 2`,
      [[...esiaOids], [...instances]],
    );
  }

  /** Every row naming the person in these instances (the operator row regardless: it is the person's own). */
  async rowsOf(
    person: PersonIdentifiers,
    instances: readonly string[],
    db: EntityManager = this.dataSource.manager,
  ): Promise<PersonRows> {
    const oids = [...person.esiaOids];
    const scope = [...instances];
    const accounts = accountsParams(person.accounts);
    const links: PersonLink[] = await db.query(
      `SELECT id, esia_oid AS "esiaOid", instance_id AS "instanceId", legacy_user_id AS "legacyUserId", method,
         linked_at AS "linkedAt", revoked_at AS "revokedAt", revoked_reason AS "revokedReason"
       FROM links WHERE instance_id = ANY($1) AND (esia_oid = ANY($2) OR ${IN_ACCOUNTS('legacy_user_id', 3)})
       ORDER BY linked_at, id`,
      [scope, oids, ...accounts],
    );
    const linkIds = links.map((l) => l.id);
    const linkEvents: PersonLinkEvent[] = await db.query(
      `SELECT id, link_id AS "linkId", instance_id AS "instanceId", kind, at, details FROM link_events
       WHERE link_id = ANY($1::uuid[])
          OR (kind = 'conflict' AND instance_id = ANY($2) AND ${IN_ACCOUNTS("details->>'userId'", 3)})
       ORDER BY at, id`,
      [linkIds, scope, ...accounts],
    );
    const accessRequests: PersonAccessRequest[] = await db.query(
      `SELECT id, instance_id AS "instanceId", organization_id AS "organizationId", role, reason, message, contact,
         esia_oid AS "esiaOid", created_by AS name, status, resolution, created_at AS "createdAt",
         resolved_at AS "resolvedAt", external_id IS NOT NULL AS "heldByDiary"
       FROM access_requests WHERE instance_id = ANY($1) AND pseudonymised_at IS NULL
         AND (esia_oid = ANY($2) OR link_id = ANY($3::uuid[]))
       ORDER BY created_at, id`,
      [scope, oids, linkIds],
    );
    const exemptions: PersonExemption[] = await db.query(
      `SELECT id, tenant_id AS "tenantId", instance_id AS "instanceId", legacy_user_id AS "legacyUserId", reason,
         expires_at AS "expiresAt", revoked_at AS "revokedAt", created_at AS "createdAt"
       FROM exemptions WHERE instance_id = ANY($1) AND ${IN_ACCOUNTS('legacy_user_id', 2)} ORDER BY created_at, id`,
      [scope, ...accounts],
    );
    const notices: PersonNotice[] = await db.query(
      `SELECT id, instance_id AS "instanceId", topic, created_at AS "createdAt", delivered_at AS "deliveredAt"
       FROM outbox WHERE instance_id = ANY($1) AND (${IN_ACCOUNTS("payload->>'userId'", 2)}
         OR payload->>'linkId' = ANY($4) OR payload->>'requestId' = ANY($5))
       ORDER BY created_at, id`,
      [scope, ...accounts, linkIds, accessRequests.map((r) => r.id)],
    );
    const [operator] = (await db.query(
      `SELECT display_name AS "displayName", role, tenant_ids AS "tenantIds", created_at AS "createdAt",
         disabled_at AS "disabledAt" FROM operators WHERE esia_oid = ANY($1)`,
      [oids],
    )) as PersonOperator[];
    const ids = <T extends { id: string }>(rows: T[]) => rows.map((r) => ({ ...r, id: String(r.id) }));
    return {
      links,
      linkEvents: ids(linkEvents),
      accessRequests,
      exemptions: ids(exemptions),
      notices: ids(notices),
      operator: operator ?? null,
    };
  }

  /** How many rows carry the person's pseudonyms (computed by the caller) in these instances. */
  async pseudonymisedCounts(
    pseudonyms: { esiaOids: string[]; accounts: string[] },
    instances: readonly string[],
  ): Promise<PseudonymisedCounts> {
    // A pseudonymised link keeps the oid's and the account's pseudonyms side by side: through it, the oid's
    // pseudonym finds the account's, and with it the account's exemptions and conflict events.
    const [row] = (await this.dataSource.query(
      `WITH accounts AS (
         SELECT unnest($3::text[]) AS p
         UNION SELECT legacy_user_id FROM links WHERE instance_id = ANY($1) AND esia_oid = ANY($2))
       SELECT
         (SELECT count(*) FROM links WHERE instance_id = ANY($1)
            AND (esia_oid = ANY($2) OR legacy_user_id IN (SELECT p FROM accounts)))::int AS links,
         (SELECT count(*) FROM access_requests WHERE instance_id = ANY($1) AND esia_oid = ANY($2))::int
            AS "accessRequests",
         (SELECT count(*) FROM exemptions WHERE instance_id = ANY($1)
            AND legacy_user_id IN (SELECT p FROM accounts))::int AS exemptions,
         (SELECT count(*) FROM link_events WHERE instance_id = ANY($1) AND kind = 'conflict'
            AND details->>'userId' IN (SELECT p FROM accounts))::int AS "linkEvents"`,
      [[...instances], pseudonyms.esiaOids, pseudonyms.accounts],
    )) as PseudonymisedCounts[];
    return row!;
  }

  /** Runs `work` in one transaction (the erasure and its audit row commit together). */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Revokes the person's active links (reason `erasure`, a 'revoked' event each) and, for diaries that take
   * link notices, queues `link.revoked` to be deleted once delivered. Returns the revoked links and the notices.
   */
  async revokeLinks(
    tx: EntityManager,
    links: readonly PersonLink[],
    notified: ReadonlySet<string>,
    at: Date,
  ): Promise<{ revoked: number; notices: number }> {
    let revoked = 0;
    let notices = 0;
    for (const link of links.filter((l) => l.revokedAt === null)) {
      const [rows] = (await tx.query(
        `UPDATE links SET revoked_at = $2, revoked_reason = 'erasure' WHERE id = $1 AND revoked_at IS NULL
         RETURNING id`,
        [link.id, at],
      )) as [unknown[], number];
      if (!rows.length) continue;
      revoked++;
      await tx.query(
        `INSERT INTO link_events (link_id, instance_id, kind, actor, at, details)
         VALUES ($1, $2, 'revoked', 'erasure', $3, '{"reason": "erasure"}')`,
        [link.id, link.instanceId, at],
      );
      if (!notified.has(link.instanceId)) continue;
      await tx.query(
        `INSERT INTO outbox (instance_id, topic, payload, idempotency_key, next_attempt_at, created_at,
           forget_on_delivery)
         VALUES ($1, 'link.revoked', $2, $3, $4, $4, true) ON CONFLICT (idempotency_key) DO NOTHING`,
        [
          link.instanceId,
          JSON.stringify({ linkId: link.id, userId: link.legacyUserId, at: at.toISOString() }),
          `link.revoked:${link.id}`,
          at,
        ],
      );
      notices++;
    }
    return { revoked, notices };
  }

  /** Ends the active exemptions now. */
  async revokeExemptions(
    tx: EntityManager,
    exemptions: readonly PersonExemption[],
    at: Date,
  ): Promise<number> {
    const active = exemptions.filter(
      (e) => e.revokedAt === null && (e.expiresAt === null || e.expiresAt > at),
    );
    if (!active.length) return 0;
    await tx.query(`UPDATE exemptions SET revoked_at = $2 WHERE id = ANY($1::bigint[])`, [
      active.map((e) => e.id),
      at,
    ]);
    return active.length;
  }

  /** Closes the open requests as rejected: the person asked for their data to go. */
  async closeRequests(
    tx: EntityManager,
    requests: readonly PersonAccessRequest[],
    at: Date,
  ): Promise<number> {
    const open = requests.filter((r) => r.status === 'open').map((r) => r.id);
    if (!open.length) return 0;
    await tx.query(
      `UPDATE access_requests SET status = 'rejected', resolution = $3, resolved_by = 'erasure', resolved_at = $2,
         vendor_next_poll_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'open'`,
      [open, at, REDACTED],
    );
    return open.length;
  }

  /**
   * The person's notices: delivered ones are deleted now, undelivered ones once delivered (a `link.revoked`
   * still has to reach the diary), except a request's hand-over, which is withdrawn with the request.
   */
  async forgetNotices(
    tx: EntityManager,
    notices: readonly PersonNotice[],
  ): Promise<{ deleted: number; pending: number }> {
    const ids = notices.map((n) => n.id);
    const [deleted] = (await tx.query(
      `DELETE FROM outbox WHERE id = ANY($1::bigint[])
         AND (delivered_at IS NOT NULL OR topic = 'access_request.created') RETURNING id`,
      [ids],
    )) as [unknown[], number];
    const [pending] = (await tx.query(
      `UPDATE outbox SET forget_on_delivery = true WHERE id = ANY($1::bigint[]) AND delivered_at IS NULL RETURNING id`,
      [ids],
    )) as [unknown[], number];
    return { deleted: deleted.length, pending: pending.length };
  }

  /** Every personal field of these rows (links already revoked) becomes a pseudonym or is removed. */
  async redact(tx: EntityManager, rows: PersonRows, at: Date) {
    const conflicts = rows.linkEvents
      .filter((e) => e.kind === 'conflict' && typeof e.details['userId'] === 'string')
      .map((e) => ({ id: e.id, instanceId: e.instanceId, userId: String(e.details['userId']) }));
    return {
      links: await this.redaction.pseudonymiseLinks(tx, rows.links, at),
      accessRequests: await this.redaction.redactAccessRequests(tx, rows.accessRequests, at),
      exemptions: await this.redaction.redactExemptions(tx, rows.exemptions, at),
      linkEvents: await this.redaction.redactConflictEvents(tx, conflicts),
    };
  }
}
