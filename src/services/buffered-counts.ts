/**
 * Counts kept in memory under text keys and handed to `write` once per interval, so that the path that counts
 * never waits for a database: the base of the console's activity recorder and of the login statistics. Writes
 * never overlap; what a write does not manage to store it adds back itself (`add`), for the next flush, so at
 * most the last interval is lost in a crash.
 */
export abstract class BufferedCounts {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly intervalMs: number) {}

  /** Stores one batch; it must not throw, and adds back what it could not store. */
  protected abstract write(counts: ReadonlyMap<string, number>): Promise<void>;

  /** Adds `n` to the count of `key`. */
  protected add(key: string, n = 1): void {
    this.pending.set(key, (this.pending.get(key) ?? 0) + n);
  }

  /** Starts the periodic flush; the timer does not keep the process alive. */
  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Writes what is pending now (also at shutdown), after any write still running. */
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
    await this.write(taken);
  }
}
