import type { Logger } from '../logger';
import type { StatIncrement } from '../store/login-stats.repository';

/** Where batches go (LoginStatsRepository.add). */
export interface StatSink {
  add(batch: readonly StatIncrement[]): Promise<void>;
}

type Key = Omit<StatIncrement, 'count'>;
const SEP = '\u0000';

/**
 * Counts decisions in memory and writes them in one upsert per interval, so the decision's hot path does no
 * write. A failed flush keeps the counts for the next one; at most the last interval is lost in a crash.
 */
export class LoginStatsRecorder {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: StatSink,
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  /** Counts one decision. */
  record(key: Key): void {
    const k = [key.day, key.tenantId, key.instanceId, key.ageBand, key.decision].join(SEP);
    this.pending.set(k, (this.pending.get(k) ?? 0) + 1);
  }

  /** Starts the periodic flush. */
  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Writes what is pending now (also at shutdown); flushes never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  /** Stops the timer and writes the rest. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  private async flushOnce(): Promise<void> {
    if (!this.pending.size) return;
    const taken = this.pending;
    this.pending = new Map();
    const batch = [...taken].map(([k, count]) => {
      const [day, tenantId, instanceId, ageBand, decision] = k.split(SEP) as [
        string,
        string,
        string,
        Key['ageBand'],
        Key['decision'],
      ];
      return { day, tenantId, instanceId, ageBand, decision, count };
    });
    try {
      await this.sink.add(batch);
    } catch (err) {
      for (const [k, n] of taken) this.pending.set(k, (this.pending.get(k) ?? 0) + n);
      this.logger.warn({ err, rows: batch.length }, 'login stats not written; retrying with the next flush');
    }
  }
}
