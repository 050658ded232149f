import type { DataSource, EntityManager } from 'typeorm';

/** An open request the vendor holds, claimed for one status call. */
export interface DueVendorRequest {
  readonly id: string;
  readonly instanceId: string;
  readonly externalId: string;
  readonly failures: number;
  readonly esiaIssuer: string | null;
  readonly esiaOid: string | null;
  readonly esiaConfirmed: boolean;
}

/** The vendor's final word on a request, as the requester will read it. */
export interface VendorOutcome {
  readonly id: string;
  readonly status: 'resolved' | 'rejected';
  readonly resolution: string;
  /** Who closed it, as `resolved_by` shows: the vendor's staff, named by the instance. */
  readonly by: string;
  readonly at: Date;
  /** The link the resolve made, when it made one. */
  readonly linkId: string | null;
}

/**
 * The vendor side of access requests (flow D through a vendor's own queue): the vendor's id stored at
 * delivery, and the status poll's schedule. Claims use `FOR UPDATE SKIP LOCKED` and push the next poll out as a
 * lease, so several gateway processes never ask the vendor about the same request at once.
 */
export class AccessRequestSyncRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims open vendor-held requests whose poll is due, hiding them until `leaseUntil`. */
  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<DueVendorRequest[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE access_requests SET vendor_next_poll_at = $2 WHERE id IN (
         SELECT id FROM access_requests WHERE status = 'open' AND external_id IS NOT NULL
           AND vendor_next_poll_at <= $1
         ORDER BY vendor_next_poll_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, instance_id AS "instanceId", external_id AS "externalId",
         vendor_poll_failures AS failures, esia_issuer AS "esiaIssuer", esia_oid AS "esiaOid",
         esia_confirmed AS "esiaConfirmed"`,
      [now, leaseUntil, limit],
    )) as [DueVendorRequest[], number];
    return rows;
  }

  /** The vendor answered (still open, or it has no such request: `nextPollAt` null stops asking). */
  async recordAnswer(id: string, at: Date, nextPollAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE access_requests SET vendor_synced_at = $2, vendor_next_poll_at = $3, vendor_poll_failures = 0
       WHERE id = $1`,
      [id, at, nextPollAt],
    );
  }

  /** The vendor did not answer: only the schedule changes, never the request. */
  async recordFailure(id: string, failures: number, nextPollAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE access_requests SET vendor_poll_failures = $2, vendor_next_poll_at = $3 WHERE id = $1`,
      [id, failures, nextPollAt],
    );
  }

  /** Closes a request with the vendor's outcome; false when it was closed meanwhile (e.g. by gateway staff). */
  async close(outcome: VendorOutcome): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `UPDATE access_requests SET status = $2, resolution = $3, resolved_by = $4, resolved_at = $5,
         link_id = $6, vendor_synced_at = $5, vendor_next_poll_at = NULL, vendor_poll_failures = 0
       WHERE id = $1 AND status = 'open' RETURNING id`,
      [outcome.id, outcome.status, outcome.resolution, outcome.by, outcome.at, outcome.linkId],
    )) as [unknown[], number];
    return rows.length > 0;
  }
}

/**
 * Inside the outbox's delivery transaction: the vendor took the request under `externalId`; the first status
 * poll is due at `firstPollAt`.
 */
export async function recordVendorDelivery(
  tx: EntityManager,
  requestId: string,
  externalId: string,
  firstPollAt: Date,
): Promise<void> {
  await tx.query(
    `UPDATE access_requests SET external_id = $2, vendor_next_poll_at = $3, vendor_poll_failures = 0
     WHERE id = $1`,
    [requestId, externalId, firstPollAt],
  );
}
