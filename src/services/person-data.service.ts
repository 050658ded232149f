import type { DataSource } from 'typeorm';
import { instanceCapabilities } from '../../adapters/registry';
import type { Clock } from '../core/clock';
import { ValidationError } from '../core/errors';
import type {
  DiaryAccount,
  PersonalRecord,
  PersonalRecordsSource,
  PersonIdentifiers,
} from '../core/ports/personal-records.port';
import { recordAdminChange } from '../store/admin-audit.repository';
import {
  PersonDataRepository,
  type PersonLink,
  type PersonRows,
  type PseudonymisedCounts,
} from '../store/person-data.repository';
import { RedactionRepository } from '../store/redaction.repository';
import type { LinkChangeListener } from '../store/links.repository';
import type { OperatorPrincipal } from './ops-access';
import { OperatorForbiddenError, OpsNotFoundError } from '../core/policy.errors';
import type { Pseudonyms } from '../crypto/pseudonyms';
import type { RetentionPeriods } from './retention-worker';

/** Whom a request is about: an ESIA person, or one diary account. */
export type PersonQuery =
  { readonly esiaOid: string } | { readonly instanceId: string; readonly userId: string };

/** Everything the gateway holds about a person within the operator's regions (152-FZ art. 14). */
export interface PersonExport extends PersonRows {
  readonly query: PersonQuery;
  /** The pseudonym the admin audit names the person by. */
  readonly pseudonym: string;
  readonly generatedAt: Date;
  /** The regions searched: the operator's. */
  readonly regions: readonly string[];
  readonly identifiers: PersonIdentifiers;
  /** Diary instance id → its name and region, for the instances that appear. */
  readonly instances: Readonly<Record<string, { name: string; tenantId: string }>>;
  readonly sharedStore: readonly PersonalRecord[];
  /** Rows that already hold only the person's pseudonyms (retention or an earlier erasure). */
  readonly pseudonymised: PseudonymisedCounts;
  readonly periods: RetentionPeriods;
}

/** What an erasure did, as the act of destruction needs it (Roskomnadzor order No. 179): kinds and counts. */
export interface ErasureResult {
  readonly query: PersonQuery;
  readonly pseudonym: string;
  readonly at: Date;
  readonly reason: string;
  readonly regions: readonly string[];
  readonly revokedLinks: number;
  readonly revokedExemptions: number;
  readonly closedRequests: number;
  readonly pseudonymisedLinks: number;
  readonly redactedRequests: number;
  readonly redactedExemptions: number;
  readonly redactedEvents: number;
  readonly deletedNotices: number;
  /** Notices still to reach a diary (its unlink); each is deleted once delivered. */
  readonly pendingNotices: number;
  readonly sharedStoreRecords: number;
  /** Requests the diary took into its own queue: their copies are the diary operator's to delete. */
  readonly requestsHeldByDiaries: number;
  /** The person is also a console operator: that record is staff data, kept. */
  readonly keptOperatorRecord: boolean;
}

/** What the service needs; `sources` are the shared store's families that can name a person. */
export interface PersonDataDeps {
  readonly dataSource: DataSource;
  readonly clock: Clock;
  readonly pseudonyms: Pseudonyms;
  readonly sources: readonly PersonalRecordsSource[];
  readonly periods: RetentionPeriods;
  /** Hears of each link the erasure revoked, after the commit (the decision's linked answers, issue 11). */
  readonly linkChanges?: LinkChangeListener;
}

const IDENTIFIER = /^[A-Za-z0-9._@-]{1,128}$/;

/** Reads a query from input fields; a malformed one is a ValidationError naming the fields. */
export function personQueryOf(input: {
  esiaOid?: unknown;
  instanceId?: unknown;
  userId?: unknown;
}): PersonQuery {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const [oid, instanceId, userId] = [str(input.esiaOid), str(input.instanceId), str(input.userId)];
  if (oid && !instanceId && !userId) {
    if (!IDENTIFIER.test(oid)) throw new ValidationError(['esiaOid: expected an ESIA oid']);
    return { esiaOid: oid };
  }
  if (!oid && instanceId && userId) {
    if (!IDENTIFIER.test(userId)) throw new ValidationError(['userId: expected a diary user id']);
    return { instanceId, userId };
  }
  throw new ValidationError(['esiaOid, or instanceId and userId: one of the two is required']);
}

/**
 * A person's data on request (152-FZ arts. 14 and 21): the export of everything held about them and its
 * erasure, for an editor within their regions; each is an admin-audit row naming the person by pseudonym only.
 */
export class PersonDataService {
  private readonly rows: PersonDataRepository;

  constructor(private readonly deps: PersonDataDeps) {
    this.rows = new PersonDataRepository(deps.dataSource, new RedactionRepository(deps.pseudonyms));
  }

  /** Everything held about the person in the operator's regions, and an admin-audit row of the export. */
  async export(op: OperatorPrincipal, query: PersonQuery, reason = ''): Promise<PersonExport> {
    const found = await this.find(op, query);
    const at = this.deps.clock.now();
    const sharedStore = (await Promise.all(this.deps.sources.map((s) => s.list(found.identifiers)))).flat();
    const pseudonymised = await this.rows.pseudonymisedCounts(
      {
        esiaOids: found.identifiers.esiaOids.map((o) => this.deps.pseudonyms.esiaOid(o)),
        accounts: found.identifiers.accounts.map((a) => this.deps.pseudonyms.account(a.instanceId, a.userId)),
      },
      [...found.instances.keys()],
    );
    await this.rows.transaction((tx) =>
      recordAdminChange(tx, {
        actor: op.actor,
        action: 'person.exported',
        target: `person ${found.pseudonym}`,
        tenantIds: found.touched.length ? found.touched : op.tenantIds,
        before: null,
        after: { reason: reason.trim() || null, found: counts(found.rows, sharedStore.length) },
        at,
      }),
    );
    const instances = Object.fromEntries(
      [...found.instances].filter(([id]) => found.shown.has(id)).map(([id, i]) => [id, i]),
    );
    return {
      ...found.rows,
      query,
      pseudonym: found.pseudonym,
      generatedAt: at,
      regions: op.tenantIds,
      identifiers: found.identifiers,
      instances,
      sharedStore,
      pseudonymised,
      periods: this.deps.periods,
    };
  }

  /**
   * Removes or pseudonymises everything held about the person in the operator's regions: the shared store's
   * records first (signing them out), then in one transaction with its audit row: active links revoked with a
   * notice to their diaries, exemptions ended, open requests closed, every personal field pseudonymised or
   * removed, the notices naming them deleted (now, or once delivered).
   */
  async erase(op: OperatorPrincipal, query: PersonQuery, reason: string): Promise<ErasureResult> {
    if (!reason.trim())
      throw new ValidationError(['reason: required (the request it answers, without a name)']);
    const found = await this.find(op, query);
    const sharedStoreRecords = (
      await Promise.all(this.deps.sources.map((s) => s.erase(found.identifiers)))
    ).reduce((a, b) => a + b, 0);
    const at = this.deps.clock.now();
    const notified = await this.notifiedInstances([...found.instances.keys()]);
    let revoked: PersonLink[] = [];
    const result = await this.rows.transaction(async (tx) => {
      const rows = await this.rows.rowsOf(found.identifiers, [...found.instances.keys()], tx);
      revoked = rows.links.filter((l) => l.revokedAt === null);
      const links = await this.rows.revokeLinks(tx, rows.links, notified, at);
      const revokedExemptions = await this.rows.revokeExemptions(tx, rows.exemptions, at);
      const closedRequests = await this.rows.closeRequests(tx, rows.accessRequests, at);
      const redacted = await this.rows.redact(tx, rows, at);
      const after = await this.rows.rowsOf(found.identifiers, [...found.instances.keys()], tx);
      // Before redaction a request's hand-over is found by the request; after it, the new unlink notices.
      const notices = await this.rows.forgetNotices(tx, [...rows.notices, ...after.notices]);
      const erased: ErasureResult = {
        query,
        pseudonym: found.pseudonym,
        at,
        reason: reason.trim(),
        regions: found.touched,
        revokedLinks: links.revoked,
        revokedExemptions,
        closedRequests,
        pseudonymisedLinks: redacted.links,
        redactedRequests: redacted.accessRequests,
        redactedExemptions: redacted.exemptions,
        redactedEvents: redacted.linkEvents,
        deletedNotices: notices.deleted,
        pendingNotices: notices.pending,
        sharedStoreRecords,
        requestsHeldByDiaries: rows.accessRequests.filter((r) => r.heldByDiary).length,
        keptOperatorRecord: rows.operator !== null,
      };
      const { query: _q, pseudonym: _p, at: _a, reason: why, regions: _r, ...tally } = erased;
      await recordAdminChange(tx, {
        actor: op.actor,
        action: 'person.erased',
        target: `person ${found.pseudonym}`,
        tenantIds: found.touched.length ? found.touched : op.tenantIds,
        before: { found: counts(rows, sharedStoreRecords) },
        after: { reason: why, ...tally },
        at,
      });
      return erased;
    });
    for (const link of revoked)
      await this.deps.linkChanges?.({ instanceId: link.instanceId, userId: link.legacyUserId });
    return result;
  }

  /** Editors only; the person's identifiers and rows within the operator's regions. */
  private async find(op: OperatorPrincipal, query: PersonQuery) {
    if (op.role !== 'editor') throw new OperatorForbiddenError(`${op.actor} is a viewer`);
    const instances = await this.rows.instancesOf(op.tenantIds);
    const scope = [...instances.keys()];
    let identifiers: PersonIdentifiers;
    let pseudonym: string;
    if ('esiaOid' in query) {
      identifiers = {
        esiaOids: [query.esiaOid],
        accounts: await this.rows.accountsOf([query.esiaOid], scope),
      };
      pseudonym = this.deps.pseudonyms.esiaOid(query.esiaOid);
    } else {
      // An instance outside the regions is answered as unknown, as every other ops call does.
      if (!instances.has(query.instanceId)) throw new OpsNotFoundError(`instance ${query.instanceId}`);
      const account: DiaryAccount = { instanceId: query.instanceId, userId: query.userId };
      identifiers = { esiaOids: [], accounts: [account] };
      pseudonym = this.deps.pseudonyms.account(query.instanceId, query.userId);
    }
    const rows = await this.rows.rowsOf(identifiers, scope);
    const shown = new Set(
      [rows.links, rows.linkEvents, rows.accessRequests, rows.exemptions, rows.notices].flatMap((list) =>
        list.map((r) => r.instanceId),
      ),
    );
    const touched = [...new Set([...shown].map((id) => instances.get(id)!.tenantId))].sort();
    return { identifiers, pseudonym, rows, instances, shown, touched };
  }

  /** The instances whose adapter takes link notices (the registry says, by adapter kind and the instance's settings). */
  private async notifiedInstances(instances: string[]): Promise<Set<string>> {
    const rows: Array<{ id: string; kind: string; settings: unknown }> = await this.deps.dataSource.query(
      `SELECT id, adapter_kind AS kind, settings FROM diary_instances WHERE id = ANY($1)`,
      [instances],
    );
    return new Set(
      rows.filter((r) => instanceCapabilities(r.kind, r.settings)?.linkNotifications).map((r) => r.id),
    );
  }
}

/** Counts by kind, for the audit row (never a value). */
function counts(rows: PersonRows, sharedStore: number) {
  return {
    links: rows.links.length,
    linkEvents: rows.linkEvents.length,
    accessRequests: rows.accessRequests.length,
    exemptions: rows.exemptions.length,
    notices: rows.notices.length,
    operator: rows.operator !== null,
    sharedStore,
  };
}
