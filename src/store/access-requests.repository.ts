import type { DataSource, EntityManager } from 'typeorm';
import type { AccessRequestReason, AccessRequestStatus } from './entities/access-request.entity';
import type { DiaryRole } from './entities/policy.entity';
import { enqueue } from './links.repository';

/** A request as pages show it. Minimal personal data: a name, a contact and a message; never SNILS. */
export interface AccessRequest {
  readonly id: string;
  readonly instanceId: string;
  readonly organizationId: string;
  readonly role: DiaryRole;
  readonly reason: AccessRequestReason;
  readonly message: string;
  readonly contact: string;
  readonly esiaOid: string | null;
  readonly createdBy: string | null;
  readonly status: AccessRequestStatus;
  readonly resolution: string | null;
  readonly createdAt: Date;
  readonly resolvedAt: Date | null;
  /** Set when the vendor took the request into its own queue. */
  readonly externalId: string | null;
  /** The link a vendor's resolve made: the requester can now sign in through ESIA. */
  readonly linkId: string | null;
  /** «ЗД-86-000001» for a request in the gateway's own queue; a vendor's queue numbers its own (`externalId`). */
  readonly number: string | null;
}

/** The number the requester and the school quote: the vendor's once it took the request, else the gateway's. */
export function requestNumber(request: Pick<AccessRequest, 'number' | 'externalId'>): string | null {
  return request.externalId ?? request.number;
}

/** What a new request holds; `deliver` adds the outbox row that hands it to the vendor's own queue. */
export interface NewAccessRequest {
  readonly instanceId: string;
  readonly organizationId: string;
  readonly role: DiaryRole;
  readonly reason: AccessRequestReason;
  readonly message: string;
  readonly contact: string;
  readonly esiaOid: string | null;
  /** ESIA's issuer for `esiaOid`: with it a vendor's resolve naming an account can become a link. */
  readonly esiaIssuer?: string | null;
  /** Whether the ESIA account was confirmed: only then may a resolve link it (a simplified account's name is self-asserted). */
  readonly esiaConfirmed?: boolean;
  /** The requester's name as ESIA gave it: what staff need to recognise them. */
  readonly personName: string;
  readonly at: Date;
  readonly deliver: boolean;
}

const COLUMNS = `id, instance_id AS "instanceId", organization_id AS "organizationId", role, reason, message,
  contact, esia_oid AS "esiaOid", created_by AS "createdBy", status, resolution, created_at AS "createdAt",
  resolved_at AS "resolvedAt", external_id AS "externalId", link_id AS "linkId", number`;

/** Access requests (DESIGN §7.D) and the outbox rows that deliver them. */
export class AccessRequestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores the request (and its outbox row) in one transaction; returns its unguessable id. A request the
   * gateway's own queue keeps (not delivered to a vendor) gets its number «ЗД-<region>-<count>» here.
   */
  async create(request: NewAccessRequest): Promise<string> {
    return this.dataSource.transaction(async (tx) => {
      const number = request.deliver ? null : await nextNumber(tx, request.instanceId);
      const [row] = (await tx.query(
        `INSERT INTO access_requests (instance_id, organization_id, role, reason, message, contact, esia_oid,
           created_by, created_at, esia_issuer, esia_confirmed, number)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          request.instanceId,
          request.organizationId,
          request.role,
          request.reason,
          request.message,
          request.contact,
          request.esiaOid,
          request.personName,
          request.at,
          request.esiaOid === null ? null : (request.esiaIssuer ?? null),
          request.esiaConfirmed ?? false,
          number,
        ],
      )) as Array<{ id: string }>;
      // The payload names the row only: the worker reads the rest at delivery, so no personal data waits here.
      if (request.deliver)
        await enqueue(tx, request.instanceId, 'access_request.created', row!.id, request.at, {
          requestId: row!.id,
        });
      return row!.id;
    });
  }

  /** One request by id, or null (also for ids that are not UUIDs). */
  async find(id: string): Promise<AccessRequest | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const rows: AccessRequest[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM access_requests WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The open queue of an organization (or of the whole instance when `organizationId` is null), oldest first. */
  async openQueue(instanceId: string, organizationId: string | null): Promise<AccessRequest[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM access_requests WHERE instance_id = $1 AND status = 'open'
       AND ($2::text IS NULL OR organization_id = $2) ORDER BY created_at LIMIT 200`,
      [instanceId, organizationId],
    );
  }

  /** Closes an open request; false when it was closed meanwhile. */
  async close(input: {
    id: string;
    status: 'resolved' | 'rejected';
    resolution: string;
    by: string;
    at: Date;
  }): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `UPDATE access_requests SET status = $2, resolution = $3, resolved_by = $4, resolved_at = $5
       WHERE id = $1 AND status = 'open' RETURNING id`,
      [input.id, input.status, input.resolution, input.by, input.at],
    )) as [unknown[], number];
    return rows.length > 0;
  }
}

/**
 * The next «ЗД-<region>-NNNNNN» of the instance's region. Two requests of one region are numbered one after the
 * other (a transaction lock per region); the count is read in a statement of its own, after the lock, so that
 * it sees a number another transaction committed while this one waited.
 */
async function nextNumber(tx: EntityManager, instanceId: string): Promise<string> {
  const [instance] = (await tx.query(`SELECT tenant_id AS tenant FROM diary_instances WHERE id = $1`, [
    instanceId,
  ])) as Array<{ tenant: string }>;
  const tenant = instance?.tenant ?? 'XX';
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('access_requests.number:' || $1::text))`, [tenant]);
  const [last] = (await tx.query(
    `SELECT coalesce(max(substring(number FROM '[0-9]+$')::bigint), 0) AS n FROM access_requests
     WHERE number LIKE 'ЗД-' || $1::text || '-%'`,
    [tenant],
  )) as Array<{ n: string }>;
  return `ЗД-${tenant}-${String(Number(last!.n) + 1).padStart(6, '0')}`;
}
