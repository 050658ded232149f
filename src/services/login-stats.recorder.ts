import type { Logger } from '../logger';
import type { StatIncrement } from '../store/login-stats.repository';
import { BufferedCounts } from './buffered-counts';

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
export class LoginStatsRecorder extends BufferedCounts {
  constructor(
    private readonly sink: StatSink,
    private readonly logger: Logger,
    intervalMs = 1000,
  ) {
    super(intervalMs);
  }

  /** Counts one decision. */
  record(key: Key): void {
    this.add([key.day, key.tenantId, key.instanceId, key.ageBand, key.decision].join(SEP));
  }

  protected async write(taken: ReadonlyMap<string, number>): Promise<void> {
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
      for (const [k, n] of taken) this.add(k, n);
      this.logger.warn({ err, rows: batch.length }, 'login stats not written; retrying with the next flush');
    }
  }
}
