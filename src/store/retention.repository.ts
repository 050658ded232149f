import type { DataSource, EntityManager } from 'typeorm';
import type { RedactionRepository } from './redaction.repository';

/** The retention rules of docs/personal-data.md, in the order the purge runs them. */
export const RETENTION_RULES = [
  'access-requests',
  'outbox',
  'revoked-links',
  'conflict-events',
  'exemptions',
] as const;

/** One retention rule. */
export type RetentionRule = (typeof RETENTION_RULES)[number];

/**
 * One batch of one rule: the rows whose period ended before `cutoff`, claimed with FOR UPDATE SKIP LOCKED in
 * one transaction (so processes running the purge at once never take the same row, and a failure rolls back its
 * own batch only). A handled row no longer matches its rule, so running a batch again finds the next rows.
 */
export class RetentionRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redaction: RedactionRepository,
  ) {}

  /** Handles at most `limit` due rows of `rule`; returns how many it changed or deleted. */
  async purgeBatch(rule: RetentionRule, cutoff: Date, at: Date, limit: number): Promise<number> {
    return this.dataSource.transaction((tx) => BATCHES[rule](tx, this.redaction, cutoff, at, limit));
  }
}

type Batch = (
  tx: EntityManager,
  redaction: RedactionRepository,
  cutoff: Date,
  at: Date,
  limit: number,
) => Promise<number>;

const BATCHES: Record<RetentionRule, Batch> = {
  async 'access-requests'(tx, redaction, cutoff, at, limit) {
    const due = await tx.query(
      `SELECT id, esia_oid AS "esiaOid" FROM access_requests
       WHERE status <> 'open' AND pseudonymised_at IS NULL AND resolved_at <= $1
       ORDER BY resolved_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoff, limit],
    );
    return redaction.redactAccessRequests(tx, due, at);
  },
  async outbox(tx, _redaction, cutoff, _at, limit) {
    const [rows] = (await tx.query(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE delivered_at <= $1 ORDER BY delivered_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [cutoff, limit],
    )) as [unknown[], number];
    return rows.length;
  },
  async 'revoked-links'(tx, redaction, cutoff, at, limit) {
    const due = await tx.query(
      `SELECT id, esia_oid AS "esiaOid", instance_id AS "instanceId", legacy_user_id AS "legacyUserId"
       FROM links WHERE revoked_at IS NOT NULL AND pseudonymised_at IS NULL AND revoked_at <= $1
       ORDER BY revoked_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoff, limit],
    );
    return redaction.pseudonymiseLinks(tx, due, at);
  },
  async 'conflict-events'(tx, redaction, cutoff, _at, limit) {
    const due = await tx.query(
      `SELECT id, instance_id AS "instanceId", details->>'userId' AS "userId" FROM link_events
       WHERE kind = 'conflict' AND at <= $1 AND details->>'userId' IS NOT NULL
         AND details->>'userId' NOT LIKE 'pn:%'
       ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoff, limit],
    );
    return redaction.redactConflictEvents(tx, due);
  },
  async exemptions(tx, redaction, cutoff, at, limit) {
    // LEAST ignores a NULL: an exemption ends at its expiry or its revocation, whichever came first.
    const due = await tx.query(
      `SELECT id, instance_id AS "instanceId", legacy_user_id AS "legacyUserId" FROM exemptions
       WHERE pseudonymised_at IS NULL AND LEAST(revoked_at, expires_at) <= $1
       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoff, limit],
    );
    return redaction.redactExemptions(tx, due, at);
  },
};
