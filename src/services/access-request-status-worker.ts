import type { AccessRequestStatus } from '../../adapters/contract';
import type { Clock } from '../core/clock';
import type { Logger } from '../logger';
import type { AccessRequestSyncRepository, DueVendorRequest } from '../store/access-request-sync.repository';
import type { LinksRepository } from '../store/links.repository';
import type { DiaryDirectory } from './diary-directory';
import { backoffMs } from './outbox-worker';

/** Tuning of the status poll; the defaults suit production (a school answers in hours), tests shorten them. */
export interface StatusPollOptions {
  readonly pollMs: number;
  readonly batchSize: number;
  /** How long a claimed request is hidden from other processes while its vendor is asked. */
  readonly leaseMs: number;
  /** How long to wait before asking again about a request the vendor still has open. */
  readonly intervalMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export const STATUS_POLL_DEFAULTS: StatusPollOptions = {
  pollMs: 15_000,
  batchSize: 20,
  leaseMs: 60_000,
  intervalMs: 5 * 60_000,
  backoffBaseMs: 60_000,
  backoffMaxMs: 60 * 60_000,
};

/** What the requester reads when the vendor closed a request without a word. */
const DEFAULT_RESOLUTION = {
  resolved: 'Заявка рассмотрена сотрудником организации.',
  rejected: 'Заявка отклонена сотрудником организации.',
} as const;

/**
 * Flow D's way back from a vendor's own queue: asks `getAccessRequestStatus` about open requests the outbox
 * delivered, and records the outcome (status, the staff's note, when). A resolve that names the diary account
 * becomes a link (method 'operator': school staff verified the person) for a requester whose confirmed ESIA
 * account made the request, through LinksRepository.create, so its event and outbox row come with it and the
 * unique indexes still decide: a conflict is recorded, never forced. A vendor outage changes nothing but the
 * schedule (exponential backoff with jitter).
 */
export class AccessRequestStatusWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly deps: {
      sync: AccessRequestSyncRepository;
      links: LinksRepository;
      diaries: DiaryDirectory;
      clock: Clock;
      logger: Logger;
    },
    private readonly options: StatusPollOptions = STATUS_POLL_DEFAULTS,
  ) {}

  /** Polls until stop(). */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.runOnce()
        .catch((err) => this.deps.logger.warn({ err }, 'access request status poll failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs);
        });
    };
    this.timer = setTimeout(tick, this.options.pollMs);
  }

  /** Stops polling and waits for the batch in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Asks about one batch of due requests; returns how many the vendor had closed. */
  async runOnce(): Promise<number> {
    const now = this.deps.clock.now();
    const due = await this.deps.sync.claimDue(
      now,
      new Date(now.getTime() + this.options.leaseMs),
      this.options.batchSize,
    );
    let closed = 0;
    for (const request of due) if (await this.sync(request)) closed++;
    return closed;
  }

  private async sync(request: DueVendorRequest): Promise<boolean> {
    let status: AccessRequestStatus | null;
    try {
      status = await this.deps.diaries
        .get(request.instanceId)
        .adapter.getAccessRequestStatus(request.externalId);
    } catch (err) {
      await this.retryLater(request, err);
      return false;
    }
    const now = this.deps.clock.now();
    if (!status || status.status === 'open') {
      // null: the vendor has no such request (any more); asking again cannot change that.
      const next = status ? new Date(now.getTime() + this.options.intervalMs) : null;
      await this.deps.sync.recordAnswer(request.id, now, next);
      if (!status) this.deps.logger.warn({ requestId: request.id }, 'vendor has no such access request');
      return false;
    }
    const linkId =
      status.status === 'resolved' && status.userId ? await this.linkRequester(request, status.userId) : null;
    const closed = await this.deps.sync.close({
      id: request.id,
      status: status.status,
      resolution: status.resolution?.trim() || DEFAULT_RESOLUTION[status.status],
      by: vendorActor(request.instanceId),
      at: now,
      linkId,
    });
    this.deps.logger.info(
      { requestId: request.id, status: status.status, linked: linkId !== null },
      'access request closed by the vendor',
    );
    return closed;
  }

  /**
   * The link of the requester's ESIA identity to the account staff resolved the request to; its id, or null when
   * the request lacks a confirmed ESIA identity or a unique index refuses it (the conflict is recorded).
   */
  private async linkRequester(request: DueVendorRequest, userId: string): Promise<string | null> {
    const { esiaIssuer: issuer, esiaOid: oid, instanceId } = request;
    if (!issuer || !oid || !request.esiaConfirmed) return null;
    const at = this.deps.clock.now();
    const actor = vendorActor(instanceId);
    const created = await this.deps.links.create({
      issuer,
      oid,
      instanceId,
      userId,
      method: 'operator',
      actor,
      at,
      notify: this.deps.diaries.get(instanceId).adapter.capabilities.linkNotifications,
    });
    if (created.ok) return created.link.id;
    // A poll repeated after a crash finds its own link: the same person's link is the same success.
    const current = await this.deps.links.activeOfAccount(instanceId, userId);
    if (current && current.esiaOid === oid) return current.id;
    await this.deps.links.recordConflict(instanceId, actor, at, {
      conflict: created.conflict,
      userId,
      requestId: request.id,
    });
    return null;
  }

  private async retryLater(request: DueVendorRequest, err: unknown): Promise<void> {
    const failures = request.failures + 1;
    const next = new Date(this.deps.clock.now().getTime() + backoffMs(failures, this.options));
    await this.deps.sync.recordFailure(request.id, failures, next);
    // The error's class and message only: adapters never put payloads in messages (adapters/contract.ts).
    const error = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : 'unknown error';
    this.deps.logger.warn({ requestId: request.id, failures, error }, 'access request status poll failed');
  }
}

/** Who closed a request the vendor's staff resolved, as `resolved_by` and link events name them. */
function vendorActor(instanceId: string): string {
  return `vendor:${instanceId}`;
}
