import type { EntityManager } from 'typeorm';
import { Pseudonyms, REDACTED } from '../crypto/pseudonyms';

/** A link whose ESIA oid and diary account are to become pseudonyms. */
export interface LinkToPseudonymise {
  readonly id: string;
  readonly esiaOid: string;
  readonly instanceId: string;
  readonly legacyUserId: string;
}

/** A closed access request whose free text goes and whose ESIA oid becomes a pseudonym. */
export interface RequestToRedact {
  readonly id: string;
  readonly esiaOid: string | null;
}

/** An exemption whose diary account becomes a pseudonym and whose reason goes (with its policy record). */
export interface ExemptionToRedact {
  readonly id: string;
  readonly instanceId: string;
  readonly legacyUserId: string;
}

/** A conflict event naming a diary account. */
export interface ConflictEventToRedact {
  readonly id: string;
  readonly instanceId: string;
  readonly userId: string;
}

/**
 * The writes that take personal fields out of rows, shared by the retention purge and a person's erasure. Each
 * runs inside the caller's transaction and is idempotent: a row already done comes out the same. Audit rows
 * change only through the migration's redact_* functions (the audit trigger refuses anything else).
 */
export class RedactionRepository {
  constructor(private readonly pseudonyms: Pseudonyms) {}

  /** Links: oid and account become pseudonyms; `at` is recorded as pseudonymised_at. Only revoked links. */
  async pseudonymiseLinks(
    tx: EntityManager,
    links: readonly LinkToPseudonymise[],
    at: Date,
  ): Promise<number> {
    if (!links.length) return 0;
    const [rows] = (await tx.query(
      `UPDATE links l SET esia_oid = v.oid, legacy_user_id = v.account, pseudonymised_at = $4
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, oid, account)
       WHERE l.id = v.id AND l.revoked_at IS NOT NULL RETURNING l.id`,
      [
        links.map((l) => l.id),
        links.map((l) => this.oid(l.esiaOid)),
        links.map((l) => this.account(l.instanceId, l.legacyUserId)),
        at,
      ],
    )) as [unknown[], number];
    return rows.length;
  }

  /** Closed requests: message, contact, name and answer removed, oid pseudonymised. */
  async redactAccessRequests(
    tx: EntityManager,
    requests: readonly RequestToRedact[],
    at: Date,
  ): Promise<number> {
    if (!requests.length) return 0;
    const [rows] = (await tx.query(
      `UPDATE access_requests a SET message = '', contact = '', created_by = NULL, resolution = NULL,
         esia_oid = v.oid, pseudonymised_at = COALESCE(a.pseudonymised_at, $3)
       FROM unnest($1::uuid[], $2::text[]) AS v(id, oid)
       WHERE a.id = v.id AND a.status <> 'open' RETURNING a.id`,
      [requests.map((r) => r.id), requests.map((r) => (r.esiaOid === null ? null : this.oid(r.esiaOid))), at],
    )) as [unknown[], number];
    return rows.length;
  }

  /** Exemptions and their records in policy_changes: account pseudonymised, reasons removed. */
  async redactExemptions(
    tx: EntityManager,
    exemptions: readonly ExemptionToRedact[],
    at: Date,
  ): Promise<number> {
    if (!exemptions.length) return 0;
    const accounts = exemptions.map((e) => this.account(e.instanceId, e.legacyUserId));
    const [rows] = (await tx.query(
      `UPDATE exemptions e SET legacy_user_id = v.account, reason = $3, pseudonymised_at = COALESCE(e.pseudonymised_at, $4)
       FROM unnest($1::bigint[], $2::text[]) AS v(id, account) WHERE e.id = v.id RETURNING e.id`,
      [exemptions.map((e) => e.id), accounts, REDACTED, at],
    )) as [unknown[], number];
    const records: Array<{ id: string; exemption: string }> = await tx.query(
      `SELECT id, COALESCE(after->'exemption'->>'id', before->'exemption'->>'id') AS exemption
       FROM policy_changes WHERE after->'exemption'->>'id' = ANY($1) OR before->'exemption'->>'id' = ANY($1)`,
      [exemptions.map((e) => String(e.id))],
    );
    const byId = new Map(exemptions.map((e, i) => [String(e.id), accounts[i]!]));
    for (const record of records)
      await tx.query('SELECT redact_policy_change($1, $2)', [record.id, byId.get(record.exemption)]);
    return rows.length;
  }

  /** Conflict events: the diary account in `details` becomes its pseudonym. */
  async redactConflictEvents(tx: EntityManager, events: readonly ConflictEventToRedact[]): Promise<number> {
    let changed = 0;
    for (const e of events) {
      const [row] = (await tx.query('SELECT redact_link_event($1, $2) AS changed', [
        e.id,
        this.account(e.instanceId, e.userId),
      ])) as Array<{ changed: boolean }>;
      if (row?.changed) changed++;
    }
    return changed;
  }

  private oid(value: string): string {
    return Pseudonyms.is(value) ? value : this.pseudonyms.esiaOid(value);
  }

  private account(instanceId: string, userId: string): string {
    return Pseudonyms.is(userId) ? userId : this.pseudonyms.account(instanceId, userId);
  }
}
