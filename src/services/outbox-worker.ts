import type { DataSource, EntityManager } from 'typeorm';
import {
  VendorUnavailableError,
  type AccessRequestRefusal,
  type DiaryAdapter,
} from '../../adapters/contract';
import type { Clock } from '../core/clock';
import type { Logger } from '../logger';
import { recordVendorDelivery } from '../store/access-request-sync.repository';
import type { AccessRequestsRepository } from '../store/access-requests.repository';
import type { DiaryDirectory } from './diary-directory';

/** A claimed outbox row. */
interface OutboxRow {
  id: string;
  instanceId: string;
  topic: string;
  payload: Record<string, string>;
  attempts: number;
}

/** How a delivery ended: null (done) or an OUTBOX_OUTCOMES code, and what to record with the row's closing. */
interface Sent {
  readonly outcome: string | null;
  /** Written in the same transaction that marks the row delivered (e.g. the vendor's id of a request). */
  readonly record?: (tx: EntityManager) => Promise<void>;
}

/** Tuning of the worker; the defaults suit production, tests shorten them. */
export interface OutboxWorkerOptions {
  readonly pollMs: number;
  readonly batchSize: number;
  /** How long a claimed row is hidden from other workers while it is being delivered. */
  readonly leaseMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export const OUTBOX_DEFAULTS: OutboxWorkerOptions = {
  pollMs: 1000,
  batchSize: 20,
  leaseMs: 60_000,
  backoffBaseMs: 2000,
  backoffMaxMs: 15 * 60_000,
};

/**
 * Stable `last_error` codes of rows closed with an outcome rather than retried: the vendor answered, and a
 * retry would get the same answer. `delivered_at` is set too; the outbox table has no outcome column.
 */
export const OUTBOX_OUTCOMES = {
  /** markLinked/unlink answered 'gone': the vendor no longer has the account. */
  accountGone: 'outcome:account_gone',
  /** submitAccessRequest refused the request as such. */
  accessRequestRefused: (reason: AccessRequestRefusal) => `outcome:access_request_refused:${reason}`,
} as const;

/**
 * What `last_error` keeps of a failed delivery: the error's class and message only (adapters never put payloads
 * in messages, adapters/contract.ts), and for a vendor fault which one: `configuration` (the server lacks the
 * route) is retried like an outage, never closed as 'gone', so the notice is delivered once the configuration is
 * fixed; the DiaryInstanceMisconfigured alert is what gets it fixed (docs/operations.md).
 */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  const kind = err instanceof VendorUnavailableError ? `${err.name}(${err.fault})` : err.name;
  return `${kind}: ${err.message}`.slice(0, 500);
}

/** Exponential backoff with full jitter: attempt n waits a random time up to base·2ⁿ⁻¹, capped. */
export function backoffMs(
  attempts: number,
  options: Pick<OutboxWorkerOptions, 'backoffBaseMs' | 'backoffMaxMs'>,
  random = Math.random,
): number {
  const ceiling = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Delivers outbox rows to vendors through their adapters, at least once (DESIGN §5.8). Rows are claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease, so several gateway processes share the work without a long transaction
 * around a vendor call; the vendor side is idempotent (markLinked/unlink; access requests by request id). A
 * failure records the attempt and an error text without personal data, and retries later with backoff; an
 * answer that a retry cannot change (an account gone, a refused access request) closes the row with an outcome.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      diaries: DiaryDirectory;
      requests: AccessRequestsRepository;
      clock: Clock;
      logger: Logger;
    },
    private readonly options: OutboxWorkerOptions = OUTBOX_DEFAULTS,
  ) {}

  /** Polls until stop(). */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.runOnce()
        .catch((err) => this.deps.logger.warn({ err }, 'outbox poll failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the batch in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Claims one batch of due rows and delivers each; returns how many were delivered. */
  async runOnce(): Promise<number> {
    const rows = await this.claim();
    let delivered = 0;
    for (const row of rows) if (await this.deliver(row)) delivered++;
    return delivered;
  }

  private async claim(): Promise<OutboxRow[]> {
    const now = this.deps.clock.now();
    const [rows] = (await this.deps.dataSource.query(
      `UPDATE outbox SET locked_until = $2 WHERE id IN (
         SELECT id FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= $1
           AND (locked_until IS NULL OR locked_until <= $1)
         ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, instance_id AS "instanceId", topic, payload, attempts`,
      [now, new Date(now.getTime() + this.options.leaseMs), this.options.batchSize],
    )) as [OutboxRow[], number];
    return rows;
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    try {
      const { outcome, record } = await this.send(row);
      await this.deps.dataSource.transaction(async (tx) => {
        await tx.query(
          `UPDATE outbox SET delivered_at = $2, attempts = attempts + 1, locked_until = NULL, last_error = $3
           WHERE id = $1`,
          [row.id, this.deps.clock.now(), outcome],
        );
        // The notice of an erasure names the account: once the diary has it, nothing of it is kept.
        await tx.query('DELETE FROM outbox WHERE id = $1 AND forget_on_delivery', [row.id]);
        await record?.(tx);
      });
      if (outcome !== null)
        this.deps.logger.info(
          { outboxId: row.id, topic: row.topic, outcome },
          'outbox row closed with an outcome',
        );
      return true;
    } catch (err) {
      const attempts = row.attempts + 1;
      const next = new Date(this.deps.clock.now().getTime() + backoffMs(attempts, this.options));
      const lastError = errorText(err);
      await this.deps.dataSource.query(
        `UPDATE outbox SET attempts = $2, next_attempt_at = $3, locked_until = NULL, last_error = $4 WHERE id = $1`,
        [row.id, attempts, next, lastError],
      );
      this.deps.logger.warn(
        { outboxId: row.id, topic: row.topic, attempts, error: lastError },
        'outbox delivery failed',
      );
      return false;
    }
  }

  /** Delivers one row: outcome null when done, or an OUTBOX_OUTCOMES code when the vendor's answer ends it. */
  private async send(row: OutboxRow): Promise<Sent> {
    const adapter: DiaryAdapter = this.deps.diaries.get(row.instanceId).adapter;
    const { payload } = row;
    const notice = () => ({ linkId: payload.linkId!, userId: payload.userId!, at: new Date(payload.at!) });
    switch (row.topic) {
      case 'link.created':
        return {
          outcome: (await adapter.markLinked(notice())) === 'gone' ? OUTBOX_OUTCOMES.accountGone : null,
        };
      case 'link.revoked':
        return { outcome: (await adapter.unlink(notice())) === 'gone' ? OUTBOX_OUTCOMES.accountGone : null };
      case 'access_request.created':
        return this.sendAccessRequest(adapter, payload.requestId!);
      default:
        throw new Error(`unknown outbox topic ${row.topic}`);
    }
  }

  private async sendAccessRequest(adapter: DiaryAdapter, requestId: string): Promise<Sent> {
    const request = await this.deps.requests.find(requestId);
    if (!request) return { outcome: null };
    const free = request.organizationId.startsWith('free:') || request.organizationId === 'unknown';
    // The request stays in the gateway's own staff queue either way; a refusal only ends the hand-over.
    const submitted = await adapter.submitAccessRequest({
      requestId,
      organizationId: free ? null : request.organizationId,
      role: request.role,
      reason: request.reason,
      message: free ? `${request.organizationId.replace(/^free:/, '')}: ${request.message}` : request.message,
      contact: request.contact,
      personName: request.createdBy ?? '',
    });
    if (!submitted.ok) return { outcome: OUTBOX_OUTCOMES.accessRequestRefused(submitted.reason) };
    // The vendor's id is kept with the delivery, so the status poll (AccessRequestStatusWorker) can ask about it.
    const at = this.deps.clock.now();
    return {
      outcome: null,
      record: (tx) => recordVendorDelivery(tx, requestId, submitted.externalId, at),
    };
  }
}
