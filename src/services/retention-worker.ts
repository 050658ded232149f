import type { Clock } from '../core/clock';
import type { Logger } from '../logger';
import { RETENTION_RULES, type RetentionRepository, type RetentionRule } from '../store/retention.repository';

/** How many days each rule keeps its rows' personal fields (src/config/retention.ts, RETENTION_…_DAYS). */
export interface RetentionPeriods {
  readonly accessRequestDays: number;
  readonly outboxDays: number;
  readonly revokedLinkDays: number;
  readonly exemptionDays: number;
}

/** The config's names for the periods, so that `config` itself fits. */
export function retentionPeriodsOf(config: {
  retentionAccessRequestDays: number;
  retentionOutboxDays: number;
  retentionRevokedLinkDays: number;
  retentionExemptionDays: number;
}): RetentionPeriods {
  return {
    accessRequestDays: config.retentionAccessRequestDays,
    outboxDays: config.retentionOutboxDays,
    revokedLinkDays: config.retentionRevokedLinkDays,
    exemptionDays: config.retentionExemptionDays,
  };
}

/** Tuning of the purge; the defaults suit production, tests shorten them. */
export interface RetentionWorkerOptions {
  readonly intervalMs: number;
  /** Delay of the first run after start (a process that restarts often still purges). */
  readonly firstRunMs: number;
  readonly batchSize: number;
  /** Upper bound of batches per rule and run, so one run cannot hold the database for long. */
  readonly maxBatches: number;
}

/** Defaults of everything but the interval, which is configured. */
export const RETENTION_DEFAULTS: Omit<RetentionWorkerOptions, 'intervalMs'> = {
  firstRunMs: 60_000,
  batchSize: 200,
  maxBatches: 50,
};

/** Counts the rows each rule handled (a Prometheus counter labelled `rule`). */
export interface PurgedCounter {
  inc(labels: { rule: string }, value: number): void;
}

const PERIOD_OF: Record<RetentionRule, keyof RetentionPeriods> = {
  'access-requests': 'accessRequestDays',
  outbox: 'outboxDays',
  'revoked-links': 'revokedLinkDays',
  'conflict-events': 'revokedLinkDays',
  exemptions: 'exemptionDays',
};

const DAY_MS = 86_400_000;

/**
 * The retention purge (docs/personal-data.md): on a timer, each rule takes the rows whose period has ended, in
 * batches, and removes or pseudonymises their personal fields (or deletes delivered notices). The outbox
 * worker's pattern: every process runs it, rows are claimed with FOR UPDATE SKIP LOCKED so processes share the
 * work, and a handled row no longer matches, so a rerun after a crash just continues. Logged as counts only.
 */
export class RetentionWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  /** Set by stop(): the timer is not re-armed and a run in hand ends after its current batch. */
  private stopped = false;

  constructor(
    private readonly deps: {
      retention: RetentionRepository;
      periods: RetentionPeriods;
      clock: Clock;
      logger: Logger;
      purged?: PurgedCounter;
    },
    private readonly options: RetentionWorkerOptions,
  ) {
    for (const rule of RETENTION_RULES) deps.purged?.inc({ rule }, 0);
  }

  /** Runs every interval until stop(). */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.runOnce()
        .catch((err) => this.deps.logger.warn({ err }, 'retention purge failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
        });
    };
    this.timer = setTimeout(tick, Math.min(this.options.firstRunMs, this.options.intervalMs));
  }

  /** Stops and waits for the run in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One run of every rule; returns the rows each handled. */
  async runOnce(): Promise<Record<RetentionRule, number>> {
    const now = this.deps.clock.now();
    const counts = Object.fromEntries(RETENTION_RULES.map((r) => [r, 0])) as Record<RetentionRule, number>;
    for (const rule of RETENTION_RULES) {
      const cutoff = new Date(now.getTime() - this.deps.periods[PERIOD_OF[rule]] * DAY_MS);
      for (let batch = 0; batch < this.options.maxBatches; batch++) {
        const done = await this.deps.retention.purgeBatch(rule, cutoff, now, this.options.batchSize);
        counts[rule] += done;
        this.deps.purged?.inc({ rule }, done);
        // Not `done < batchSize`: rows another process holds are skipped, so a short batch is not the end.
        if (done === 0 || this.stopped) break;
      }
    }
    if (Object.values(counts).some((n) => n > 0))
      this.deps.logger.info({ purged: counts }, 'retention purge');
    return counts;
  }
}
